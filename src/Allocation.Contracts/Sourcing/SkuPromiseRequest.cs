namespace Allocation.Contracts.Sourcing;

/// <summary>
/// One unit of <paramref name="Sku"/>, asked for every click-and-collect store in <paramref name="City"/>, or within
/// <paramref name="RadiusKilometres"/> of <paramref name="NearStoreId"/> (straight-line distance). Exactly one of the
/// two areas is given.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.sku-promise-request")]
public sealed record SkuPromiseRequest(
    [property: Id(0)] string Sku,
    [property: Id(1)] string? City,
    [property: Id(2)] string? NearStoreId,
    [property: Id(3)] double RadiusKilometres);
