namespace Allocation.Load.Service;

public sealed record ReserveLineCommand(string Sku, string? StoreId, int Quantity);
