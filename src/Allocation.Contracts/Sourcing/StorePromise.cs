namespace Allocation.Contracts.Sourcing;

/// <summary>One pickup store of a product page: by when one unit can be ready there, or null when it cannot in the window.</summary>
[GenerateSerializer, Immutable, Alias("allocation.store-promise")]
public sealed record StorePromise(
    [property: Id(0)] string PickupStoreId,
    [property: Id(1)] string City,
    [property: Id(2)] DateTimeOffset? ReadyBy,
    [property: Id(3)] PromiseOutcome Outcome);
