namespace Allocation.Api.Orders;

public sealed record PickBody(string? RequestId, string? Sku, int? QuantityFound);
