namespace Allocation.Bench.Http;

internal sealed record AnchorReserveLine(string? Sku, string? StoreId, int? Quantity);
