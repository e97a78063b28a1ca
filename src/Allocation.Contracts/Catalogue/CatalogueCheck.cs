namespace Allocation.Contracts.Catalogue;

/// <summary>Which of the asked ids the tenant does not know.</summary>
[GenerateSerializer, Immutable, Alias("allocation.catalogue-check")]
public sealed record CatalogueCheck(
    [property: Id(0)] IReadOnlyList<string> UnknownSkus,
    [property: Id(1)] IReadOnlyList<string> UnknownStores)
{
    public bool AllKnown => UnknownSkus.Count == 0 && UnknownStores.Count == 0;
}
