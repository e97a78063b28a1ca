using Allocation.Planning.Common;
using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Planning.Solver;

/// <summary>Turns internal decisions into public <see cref="OrderPlan"/>s, and applies pinned orders to the residual state.</summary>
internal static class PlanAssembler
{
    public static OrderPlan Allocated(PlanContext context, PreparedOrder order, Decision decision)
    {
        var remaining = decision.Sources.Select(source => (int[])source.Units.Clone()).ToArray();
        var lines = new List<LineAllocation>(order.Order.Lines.Count);
        foreach (var line in order.Order.Lines)
        {
            var requirement = Array.IndexOf(order.Skus, context.SkuIndex[line.Sku]);
            var needed = line.Quantity;
            var picks = new List<SourcePick>();
            for (var index = 0; index < decision.Sources.Length && needed > 0; index++)
            {
                var units = Math.Min(needed, remaining[index][requirement]);
                if (units == 0)
                {
                    continue;
                }

                remaining[index][requirement] -= units;
                needed -= units;
                var source = decision.Sources[index];
                picks.Add(new SourcePick(context.Network.Locations[source.Location].Id, units, TimeMath.FromMinutes(context.BucketStartMinute(source.Bucket)), TimeMath.FromMinutes(source.ReadyMinute)));
            }

            lines.Add(new LineAllocation(line.Sku, line.Quantity, picks));
        }

        var unitsBySource = decision.Sources.Select(source => (source.Location, Units: source.Units.Sum()));
        return new OrderPlan(order.Order.Id, OrderStatus.Allocated, lines, TimeMath.FromMinutes(decision.ReadyMinute), null, Breakdown(context, order.Pickup, unitsBySource), null);
    }

    public static OrderPlan Pinned(PlanContext context, PreparedOrder order)
    {
        var sources = order.Order.PinnedLines!.SelectMany(line => line.Sources).ToList();
        var unitsBySource = sources.GroupBy(source => source.LocationId, StringComparer.Ordinal)
            .Select(group => (context.Network.IndexById[group.Key], group.Sum(source => source.Quantity)));
        return new OrderPlan(order.Order.Id, OrderStatus.Allocated, order.Order.PinnedLines!, sources.Max(source => source.ReadyAt), null, Breakdown(context, order.Pickup, unitsBySource), "picking started: kept as pinned");
    }

    public static OrderPlan NotAllocated(PreparedOrder order, OrderStatus status, DateTimeOffset? earliest, string reason) =>
        new(order.Order.Id, status, [], null, earliest, CostBreakdown.Zero, reason);

    /// <summary>Charges a pinned order's units and picks; stock never drops below zero so later searches stay sound.</summary>
    public static void ApplyPinned(PlanContext context, PreparedOrder order)
    {
        var picks = new HashSet<(int Location, int Bucket)>();
        foreach (var line in order.Order.PinnedLines!)
        {
            var sku = context.SkuIndex[line.Sku];
            foreach (var source in line.Sources)
            {
                var location = context.Network.IndexById[source.LocationId];
                context.AddStock(sku, location, -Math.Min(source.Quantity, context.Stock(sku, location)));
                var bucket = context.BucketOf(TimeMath.ToMinutes(source.PickBucketStart));
                if (bucket >= 0 && bucket < context.BucketCount && picks.Add((location, bucket)))
                {
                    context.AddCapacity(location, bucket, -1);
                }
            }
        }
    }

    private static CostBreakdown Breakdown(PlanContext context, int pickup, IEnumerable<(int Location, int Units)> unitsBySource)
    {
        long transfer = 0, handling = 0;
        var sourceCount = 0;
        foreach (var (location, units) in unitsBySource)
        {
            var lane = context.Network.Row(pickup).LaneFrom[location];
            transfer += lane.ShipmentCostCents + (lane.UnitCostCents * units);
            handling += context.HandlingPickCents + (context.HandlingUnitCents * units);
            sourceCount++;
        }

        return new CostBreakdown(Money.FromCents(transfer), Money.FromCents(context.SplitPenaltyCents * Math.Max(0, sourceCount - 1)), Money.FromCents(handling));
    }
}
