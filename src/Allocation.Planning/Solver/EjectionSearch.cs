using Allocation.Planning.Network;
using System.Numerics;

namespace Allocation.Planning.Solver;

/// <summary>
/// Ejection moves between pairs of orders, after flow and repair, within the time limit. For an order o and one of its
/// feasible sources s that lacks only stock or pick capacity for it, an order o' allocated at s holding what o misses is
/// released, o takes the best place it now finds and o' is re-decided against everything else (exact per-order search).
/// Phase 1 (fill): o is unallocated; kept when both end up allocated, so each move adds one order. Phase 2 (cost): o is
/// allocated above its cheapest feasible source; kept when the two orders together cost less. Anything else is rolled
/// back exactly, so a plan never gets worse and stock, capacity, window and split limits hold throughout.
/// </summary>
internal sealed class EjectionSearch
{
    /// <summary>Cheapest feasible sources of an order that are tried.</summary>
    public const int SourcesPerOrderMax = 12;

    /// <summary>Orders at one source that are tried as the one to move away.</summary>
    public const int BlockersPerSourceMax = 8;

    private readonly PlanContext context;
    private readonly Decision?[] decisions;
    private readonly OrdersBySource ordersAtSource;

    private EjectionSearch(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions)
    {
        this.context = context;
        this.decisions = decisions;
        ordersAtSource = new OrdersBySource(movable, decisions);
    }

    public static void Run(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock, long deadlineMilliseconds)
    {
        // Its index of orders by source and its sorts took 76 ms at 10,000 orders on a loaded machine: not past the deadline.
        if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
        {
            return;
        }

        var search = new EjectionSearch(context, movable, decisions);
        foreach (var order in OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is null)))
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                return;
            }

            search.TryImprove(order);
        }

        // Dearest first: they have the most to gain. The stable sort keeps urgency order among equals (deterministic).
        var allocated = OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is not null));
        foreach (var order in allocated.OrderByDescending(order => decisions[order.Index]!.CostCents).ToList())
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                return;
            }

            search.TryImprove(order);
        }
    }

    private bool TryImprove(PreparedOrder order)
    {
        var current = decisions[order.Index];
        if (current is not null)
        {
            context.Release(order, current);
        }

        foreach (var (source, latest) in FeasibleSources(context, order, current?.CostCents ?? long.MaxValue, SourcesPerOrderMax))
        {
            if (TryAtSource(order, current, source, latest))
            {
                return true;
            }
        }

        if (current is not null)
        {
            context.Commit(order, current);
        }

        return false;
    }

    private bool TryAtSource(PreparedOrder order, Decision? current, int source, int latest)
    {
        if (!ordersAtSource.TryGet(source, out var atSource))
        {
            return false;
        }

        var missingStock = MissingStock(order, source);
        var missingCapacity = context.EarliestBucket(order, source, order.DeadlineMinute).Bucket < 0;
        if (!missingCapacity && !missingStock.Contains(true))
        {
            return false; // nothing to free here: the order's own search already sees this source
        }

        var tried = 0;

        // The list only changes when a move succeeds, and then the callers return at once.
        foreach (var blocker in atSource)
        {
            if (tried == BlockersPerSourceMax)
            {
                break;
            }

            var blockerDecision = decisions[blocker.Index]!;
            if (blocker != order && Frees(blocker, blockerDecision, source, order, latest, missingStock, missingCapacity))
            {
                tried++;
                if (TryMove(order, current, blocker, blockerDecision))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Called with the order released. On success both orders are committed and indexed; otherwise everything but the
    // order's own release is undone.
    private bool TryMove(PreparedOrder order, Decision? current, PreparedOrder blocker, Decision blockerDecision)
    {
        context.Release(blocker, blockerDecision);
        var inserted = OrderSearch.Cheapest(context, order);
        if (inserted is not null && (current is null || inserted.CostCents < current.CostCents))
        {
            context.Commit(order, inserted);
            var moved = OrderSearch.Cheapest(context, blocker);
            if (moved is not null && (current is null || inserted.CostCents + moved.CostCents < current.CostCents + blockerDecision.CostCents))
            {
                context.Commit(blocker, moved);
                ordersAtSource.Move(blocker, blockerDecision, moved);
                ordersAtSource.Move(order, current, inserted);
                decisions[blocker.Index] = moved;
                decisions[order.Index] = inserted;
                return true;
            }

            context.Release(order, inserted);
        }

        context.Commit(blocker, blockerDecision);
        return false;
    }

    // Moving the blocker away helps only if it gives back what the order misses at that source: a unit of a missing SKU,
    // and/or a pick in a bucket the order can still use.
    private static bool Frees(PreparedOrder blocker, Decision decision, int source, PreparedOrder order, int latest, bool[] missingStock, bool missingCapacity)
    {
        var pick = Array.Find(decision.Sources, choice => choice.Location == source);
        if (pick is null || (missingCapacity && (pick.Bucket > latest || pick.Bucket < order.ReleaseBucket)))
        {
            return false;
        }

        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            if (missingStock[requirement] && !Holds(blocker, pick, order.Skus[requirement]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Holds(PreparedOrder blocker, SourceChoice pick, int sku)
    {
        var requirement = Array.IndexOf(blocker.Skus, sku);
        return requirement >= 0 && pick.Units[requirement] > 0;
    }

    // Single-source view: a source can take the order alone only if it holds every unit, so those are the SKUs it misses.
    private bool[] MissingStock(PreparedOrder order, int source) =>
        order.Skus.Select((sku, requirement) => context.Stock(sku, source) < order.Quantities[requirement]).ToArray();

    /// <summary>
    /// The order's cheapest sources (at most <paramref name="sourcesMax"/>) that hold one of its SKUs and can make its
    /// deadline, with the latest bucket each can use; only those whose single-source cost stays below the limit (an
    /// order's current cost).
    /// </summary>
    public static IEnumerable<(int Source, int Latest)> FeasibleSources(PlanContext context, PreparedOrder order, long costCentsBelow, int sourcesMax)
    {
        var found = 0;
        var sourcesByCost = context.Network.Row(order.Pickup).SourcesByCost;
        var holders = OrderSearch.HolderBits(context, order);
        for (var word = 0; word < holders.Length; word++)
        {
            for (var bits = holders[word]; bits != 0; bits &= bits - 1)
            {
                var source = sourcesByCost[(word << 6) + BitOperations.TrailingZeroCount(bits)];
                if (context.FixedCents(source, order.Pickup) + (context.UnitCents(source, order.Pickup) * order.TotalUnits) >= costCentsBelow)
                {
                    yield break;
                }

                var latest = context.LatestBucket(order, source, order.DeadlineMinute);
                if (latest < 0)
                {
                    continue;
                }

                yield return (source, latest);
                if (++found == sourcesMax)
                {
                    yield break;
                }
            }
        }
    }
}
