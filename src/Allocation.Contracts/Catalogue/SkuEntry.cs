namespace Allocation.Contracts.Catalogue;

[GenerateSerializer, Immutable, Alias("allocation.sku-entry")]
public sealed record SkuEntry(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name);
