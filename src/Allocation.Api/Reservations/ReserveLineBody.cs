namespace Allocation.Api.Reservations;

public sealed record ReserveLineBody(string? Sku, string? StoreId, int? Quantity);
