using System.Numerics;

namespace Allocation.Planning.Solver;

/// <summary>
/// Fill moves for baskets that several allocated orders block at once. For an unallocated order o and one of its
/// cheapest sources s that can still make its deadline, the allocated orders at s that hold what o misses there are
/// taken, those with most time to spare first, until together they give back every missing unit; all are released, o
/// takes its best place, and each released order searches again, most urgent first. Kept only when every one of them is
/// allocated again (one more order filled); otherwise everything is undone exactly. The pair moves of
/// <see cref="EjectionSearch"/> need one order that gives back every missing SKU, which a basket of several lines
/// rarely finds (measured: three in four unfilled baskets could not be ready in time with the stock others held).
/// </summary>
internal sealed class BasketEjectionSearch
{
    /// <summary>Cheapest sources of an order, within its deadline, that are tried.</summary>
    public const int SourcesPerOrderMax = 8;

    /// <summary>Most orders released in one move.</summary>
    public const int BlockersPerMoveMax = 3;

    private readonly PlanContext context;
    private readonly Decision?[] decisions;
    private readonly OrdersBySource ordersAtSource;

    private BasketEjectionSearch(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions)
    {
        this.context = context;
        this.decisions = decisions;
        ordersAtSource = new OrdersBySource(movable, decisions);
    }

    /// <summary>Runs until every waiting basket was tried or the deadline passed; returns the orders it added.</summary>
    public static int Run(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock, long deadlineMilliseconds)
    {
        if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
        {
            return 0;
        }

        var waiting = OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is null && order.TotalUnits > 1));
        var added = 0;
        var search = waiting.Count == 0 ? null : new BasketEjectionSearch(context, movable, decisions);
        foreach (var order in waiting)
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                break;
            }

            added += SourcesInTime(context, order).Any(source => search!.TryAtSource(order, source)) ? 1 : 0;
        }

        return added;
    }

    private bool TryAtSource(PreparedOrder order, int source)
    {
        var blockers = Blockers(order, source);
        if (blockers is null)
        {
            return false;
        }

        var previous = blockers.Select(blocker => decisions[blocker.Index]!).ToArray();
        foreach (var (blocker, decision) in blockers.Zip(previous))
        {
            context.Release(blocker, decision);
        }

        var inserted = OrderSearch.Cheapest(context, order);
        if (inserted is not null)
        {
            context.Commit(order, inserted);
            var moved = ReplaceAll(blockers);
            if (moved is not null)
            {
                Record(order, null, inserted);
                for (var index = 0; index < blockers.Count; index++)
                {
                    Record(blockers[index], previous[index], moved[index]);
                }

                return true;
            }

            context.Release(order, inserted);
        }

        foreach (var (blocker, decision) in blockers.Zip(previous))
        {
            context.Commit(blocker, decision);
        }

        return false;
    }

    /// <summary>Each released order searches again, most urgent first; null (with their new places released) if one finds none.</summary>
    private Decision[]? ReplaceAll(List<PreparedOrder> blockers)
    {
        var moved = new Decision?[blockers.Count];
        foreach (var index in Enumerable.Range(0, blockers.Count).OrderBy(index => blockers[index].DeadlineMinute).ThenBy(index => blockers[index].TieBreak))
        {
            moved[index] = OrderSearch.Cheapest(context, blockers[index]);
            if (moved[index] is null)
            {
                for (var other = 0; other < blockers.Count; other++)
                {
                    if (moved[other] is { } placed)
                    {
                        context.Release(blockers[other], placed);
                    }
                }

                return null;
            }

            context.Commit(blockers[index], moved[index]!);
        }

        return [.. moved.Select(decision => decision!)];
    }

    /// <summary>Orders allocated at the source that together give back the units the order misses there; null if none do.</summary>
    private List<PreparedOrder>? Blockers(PreparedOrder order, int source)
    {
        var missing = order.Skus.Select((sku, requirement) => Math.Max(0, order.Quantities[requirement] - context.Stock(sku, source))).ToArray();
        if (missing.All(units => units == 0) || !ordersAtSource.TryGet(source, out var atSource))
        {
            return null;
        }

        var chosen = new List<PreparedOrder>(BlockersPerMoveMax);
        foreach (var blocker in atSource.OrderByDescending(blocker => blocker.DeadlineMinute).ThenBy(blocker => blocker.TieBreak))
        {
            var pick = Array.Find(decisions[blocker.Index]!.Sources, choice => choice.Location == source)!;
            var gives = false;
            for (var requirement = 0; requirement < order.Skus.Length; requirement++)
            {
                var held = Array.IndexOf(blocker.Skus, order.Skus[requirement]);
                gives |= missing[requirement] > 0 && held >= 0 && pick.Units[held] > 0;
            }

            if (!gives || blocker == order)
            {
                continue;
            }

            chosen.Add(blocker);
            for (var requirement = 0; requirement < order.Skus.Length; requirement++)
            {
                var held = Array.IndexOf(blocker.Skus, order.Skus[requirement]);
                missing[requirement] = held < 0 ? missing[requirement] : Math.Max(0, missing[requirement] - pick.Units[held]);
            }

            if (missing.All(units => units == 0))
            {
                return chosen;
            }

            if (chosen.Count == BlockersPerMoveMax)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The order's cheapest sources holding any of its SKUs (as first seen) that have an hour left within its deadline.</summary>
    private static List<int> SourcesInTime(PlanContext context, PreparedOrder order)
    {
        var sources = new List<int>(SourcesPerOrderMax);
        var sourcesByCost = context.Network.Row(order.Pickup).SourcesByCost;
        var holders = OrderSearch.HolderBits(context, order);
        for (var word = 0; word < holders.Length && sources.Count < SourcesPerOrderMax; word++)
        {
            for (var bits = holders[word]; bits != 0 && sources.Count < SourcesPerOrderMax; bits &= bits - 1)
            {
                var source = sourcesByCost[(word << 6) + BitOperations.TrailingZeroCount(bits)];
                if (context.LatestBucket(order, source, order.DeadlineMinute) >= 0)
                {
                    sources.Add(source);
                }
            }
        }

        return sources;
    }

    private void Record(PreparedOrder order, Decision? before, Decision after)
    {
        ordersAtSource.Move(order, before, after);
        decisions[order.Index] = after;
    }
}
