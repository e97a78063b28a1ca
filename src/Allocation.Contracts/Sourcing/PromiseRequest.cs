namespace Allocation.Contracts.Sourcing;

/// <summary>A basket checkout asks about: to be collected at <paramref name="PickupStoreId"/>.</summary>
[GenerateSerializer, Immutable, Alias("allocation.promise-request")]
public sealed record PromiseRequest(
    [property: Id(0)] string PickupStoreId,
    [property: Id(1)] IReadOnlyList<PromiseLine> Lines);
