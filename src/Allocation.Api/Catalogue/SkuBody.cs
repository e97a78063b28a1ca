namespace Allocation.Api.Catalogue;

public sealed record SkuBody(string? Name);
