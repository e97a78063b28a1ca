namespace Allocation.Api.Promises;

public sealed record PromiseLineBody(string? Sku, int? Quantity);
