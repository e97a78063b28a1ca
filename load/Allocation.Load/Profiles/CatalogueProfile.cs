namespace Allocation.Load.Profiles;

/// <summary>
/// The SKUs the load draws on: SkuPattern formatted with 1..SkuCount (the demo seed's names are SKU-0001...), the
/// first HotSkuCount of them hot. Stores are every click-and-collect store the service lists, up to StoreCountMax.
/// </summary>
public sealed record CatalogueProfile
{
    public string SkuPattern { get; init; } = "SKU-{0:D4}";

    public int SkuCount { get; init; } = 20;

    public int HotSkuCount { get; init; } = 3;

    public int StoreCountMax { get; init; } = 400;
}
