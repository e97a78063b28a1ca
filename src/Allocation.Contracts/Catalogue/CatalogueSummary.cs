namespace Allocation.Contracts.Catalogue;

[GenerateSerializer, Immutable, Alias("allocation.catalogue-summary")]
public sealed record CatalogueSummary(
    [property: Id(0)] int Stores,
    [property: Id(1)] int Cities,
    [property: Id(2)] int Skus,
    [property: Id(3)] IReadOnlyList<string> Seeds);
