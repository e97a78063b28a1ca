using Allocation.Planning;
using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;

namespace Allocation.Verification;

/// <summary>
/// The usual order-management rule, kept as the benchmark baseline: one order at a time in payment order, the nearest
/// location (great-circle) that holds every line and can have it ready within the window if picked in its first open
/// hour; no splits; pick capacity is not looked at (order-management rules rarely know it), so the checker counts the
/// capacity violations (and any window violations) this rule causes.
/// </summary>
internal static class GreedyPlanner
{
    /// <summary>Plans the request with this rule, through the planner's own preparation and plan assembly.</summary>
    public static AllocationPlan Plan(PlanningRequest request) => AllocationPlanner.Plan(request, "greedy", TimeProvider.System, (context, movable, decisions, _) =>
    {
        Solve(context, movable, decisions);
        return "greedy";
    });

    public static void Solve(PlanContext context, IEnumerable<PreparedOrder> movable, Decision?[] decisions)
    {
        var nearestCache = new Dictionary<int, int[]>();
        foreach (var order in movable.OrderBy(order => order.Order.PaidAt).ThenBy(order => order.Index))
        {
            if (!nearestCache.TryGetValue(order.Pickup, out var nearest))
            {
                var pickup = context.Network.Locations[order.Pickup];
                nearest = Enumerable.Range(0, context.Network.Count)
                    .OrderBy(source => source == order.Pickup ? -1 : LaneDerivation.DistanceKilometres(context.Network.Locations[source], pickup))
                    .ThenBy(source => source)
                    .ToArray();
                nearestCache[order.Pickup] = nearest;
            }

            foreach (var source in nearest)
            {
                if (!HoldsAll(context, order, source))
                {
                    continue;
                }

                var bucket = FirstOpenBucket(context, order, source);
                if (bucket < 0 || context.Ready(source, order.Pickup, bucket) > order.DeadlineMinute)
                {
                    continue;
                }

                var choice = new SourceChoice(source, bucket, context.Ready(source, order.Pickup, bucket), [.. order.Quantities]);
                var decision = new Decision([choice], context.CostCents(order, [choice]));
                context.Commit(order, decision);
                decisions[order.Index] = decision;
                break;
            }
        }
    }

    private static bool HoldsAll(PlanContext context, PreparedOrder order, int source)
    {
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            if (context.Stock(order.Skus[requirement], source) < order.Quantities[requirement])
            {
                return false;
            }
        }

        return true;
    }

    private static int FirstOpenBucket(PlanContext context, PreparedOrder order, int source)
    {
        for (var bucket = order.ReleaseBucket; bucket < context.BucketCount; bucket++)
        {
            if (context.PickDone(source, bucket) >= 0)
            {
                return bucket;
            }
        }

        return -1;
    }
}
