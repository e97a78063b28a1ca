using Allocation.Contracts.Picking;

namespace Allocation.Contracts.Sourcing;

/// <summary>
/// What changed in a tenant's pick load after a version: for every store in <paramref name="ChangedStoreIds"/>, its
/// loads replace whatever the reader held for it (a store with no entries in <paramref name="Loads"/> has nothing
/// booked). <paramref name="Epoch"/> names the index's activation; a reader holding another epoch must start again
/// from version 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-load-changes")]
public sealed record PickLoadChanges(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<string> ChangedStoreIds,
    [property: Id(3)] IReadOnlyList<HourLoad> Loads);
