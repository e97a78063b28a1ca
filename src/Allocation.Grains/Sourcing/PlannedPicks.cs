using Allocation.Contracts.Picking;
using Allocation.Planning;
using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Grains.Sourcing;

internal static class PlannedPicks
{
    /// <summary>One pick per source store of an allocated plan, in the hour the solver chose, with the store's capacity in that hour.</summary>
    public static List<PlannedPick> Of(StoreNetwork network, OrderPlan plan) =>
        [.. plan.Lines.SelectMany(line => line.Sources)
            .DistinctBy(source => source.LocationId, StringComparer.Ordinal)
            .Select(source => new PlannedPick(
                source.LocationId,
                source.PickBucketStart,
                PickCapacity.PicksInHour(network, source.LocationId, source.PickBucketStart)
                    ?? throw new InvalidOperationException($"the solver chose {source.LocationId} at {source.PickBucketStart:O}, outside its network")))];
}
