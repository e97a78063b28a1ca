namespace Allocation.Load.Service;

public sealed record StoreReply(string StoreId, string Name, string City, bool ClickAndCollect);
