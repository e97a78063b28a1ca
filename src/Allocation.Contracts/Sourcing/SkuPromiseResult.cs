namespace Allocation.Contracts.Sourcing;

/// <summary>
/// The pickup stores of the area, earliest ready first (stores that cannot have it in the window last).
/// <paramref name="Found"/> is false when the area names no click-and-collect store (unknown city or store).
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.sku-promise-result")]
public sealed record SkuPromiseResult(
    [property: Id(0)] bool Found,
    [property: Id(1)] IReadOnlyList<StorePromise> Stores,
    [property: Id(2)] DateTimeOffset PlannedAt);
