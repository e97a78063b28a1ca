namespace Allocation.Load.Service;

public sealed record ReservationLineReply(string Sku, string StoreId, int Quantity);
