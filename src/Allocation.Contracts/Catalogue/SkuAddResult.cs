namespace Allocation.Contracts.Catalogue;

/// <summary>
/// What adding SKUs did: <see cref="Accepted"/> false when the catalogue would exceed
/// its tenant limit (nothing changed then).
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.sku-add-result")]
public sealed record SkuAddResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] int SkusWritten,
    [property: Id(2)] CatalogueSummary Summary);
