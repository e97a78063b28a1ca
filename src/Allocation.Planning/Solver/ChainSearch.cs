namespace Allocation.Planning.Solver;

/// <summary>
/// Augmenting chains for single-unit orders (issue 19): an unfilled order takes a feasible source, moving an order placed
/// there that holds what it lacks (a unit of its SKU, or a pick early enough), which in turn takes another source, moving
/// another, and so on, up to <see cref="ChainOrdersMax"/> moves, like an augmenting path in a matching. Each success adds
/// one order; a chain that ends nowhere is undone exactly. The ejection search's pair moves are chains of one move; at
/// short stock the orders left unfilled were reachable only through longer ones, and each order filled that way spares the
/// plan an expensive one elsewhere when plans are compared at equal fill. Orders are visited at most once per chain
/// (as in the augmenting-path search of a matching), which bounds a chain's search by the orders it can reach.
/// </summary>
internal sealed class ChainSearch
{
    /// <summary>Moves of placed orders in one chain, at most (the chain has one order more: the one filled).</summary>
    public const int ChainOrdersMax = 6;

    /// <summary>Cheapest feasible sources of an order tried in a chain.</summary>
    public const int SourcesPerOrderMax = 8;

    /// <summary>Orders at one source tried as the one to move, per step.</summary>
    public const int BlockersPerSourceMax = 6;

    /// <summary>Orders a chain's search may visit before it gives up: bounds one unfilled order's cost.</summary>
    public const int VisitsPerChainMax = 400;

    private readonly PlanContext context;
    private readonly Decision?[] decisions;
    private readonly OrdersBySource ordersAtSource;
    private readonly HashSet<int> visited = [];

    // The cost of the plan's moves so far, relative to the start: how much a chain saved.
    private long planCents;

    // Orders filled by the chains so far.
    private int filled;

    // Set while exchanging: a chain that fills an order may then leave its last moved order unfilled, if the plan's cost
    // falls below this.
    private long? exchangeStartCents;

    private ChainSearch(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions)
    {
        this.context = context;
        this.decisions = decisions;
        ordersAtSource = new OrdersBySource(movable, decisions);
    }

    /// <summary>
    /// Fill: a chain for every unfilled single-unit order, most urgent first. Cost: then, dearest first, every placed
    /// single-unit order tries a cheaper source through a chain whose moves together cost less. Until the deadline;
    /// returns the orders added and the cents saved.
    /// </summary>
    public static (int Added, long SavedCents) Run(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock, long deadlineMilliseconds)
    {
        if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
        {
            return (0, 0);
        }

        var search = new ChainSearch(context, movable, decisions);
        foreach (var order in OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is null && order.TotalUnits == 1)))
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                return (search.filled, 0);
            }

            search.visited.Clear();
            search.Place(order, null, ChainOrdersMax, long.MaxValue);
        }

        var start = search.planCents;
        foreach (var order in OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is null && order.TotalUnits == 1)))
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                return (search.filled, start - search.planCents);
            }

            search.visited.Clear();
            search.exchangeStartCents = search.planCents;
            search.Place(order, null, ChainOrdersMax, long.MaxValue);
            search.exchangeStartCents = null;
        }

        long saved = start - search.planCents;
        var placed = OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is not null && order.TotalUnits == 1));
        foreach (var order in placed.OrderByDescending(order => decisions[order.Index]!.CostCents).ToList())
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                break;
            }

            saved += search.Cheapen(order);
        }

        return (search.filled, saved);
    }

    // Cost below the order's current one through a chain; the cents the plan saves (0 when nothing was found).
    private long Cheapen(PreparedOrder order)
    {
        var current = decisions[order.Index]!;
        var before = planCents;
        visited.Clear();
        context.Release(order, current);
        if (Place(order, current, ChainOrdersMax, current.CostCents))
        {
            return before - planCents;
        }

        context.Commit(order, current);
        return 0;
    }

    // Places the order (released, if it was placed: current) at a source, directly or by moving another order away and
    // placing that one in turn. On success the order is committed and recorded; otherwise the context is as it was.
    // The order's new cost must stay below limitCents, so that the chain as a whole costs less than the plan before it
    // (no limit when the chain fills an order).
    private bool Place(PreparedOrder order, Decision? current, int movesLeft, long limitCents)
    {
        visited.Add(order.Index);
        var sources = EjectionSearch.FeasibleSources(context, order, limitCents, SourcesPerOrderMax)
            .Where(source => current is null || source.Source != current.Sources[0].Location).ToList();
        foreach (var (source, latest) in sources)
        {
            if (TryCommit(order, current, source, latest))
            {
                return true;
            }
        }

        if (movesLeft == 0)
        {
            return false;
        }

        foreach (var (source, latest) in sources)
        {
            if (visited.Count >= VisitsPerChainMax)
            {
                return false;
            }

            if (TryThrough(order, current, source, latest, movesLeft, limitCents))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryThrough(PreparedOrder order, Decision? current, int source, int latest, int movesLeft, long limitCents)
    {
        if (!ordersAtSource.TryGet(source, out var atSource))
        {
            return false;
        }

        var lacksStock = context.Stock(order.Skus[0], source) <= 0;
        var tried = 0;
        foreach (var blocker in atSource.ToList())
        {
            if (tried == BlockersPerSourceMax || visited.Count >= VisitsPerChainMax)
            {
                return false;
            }

            if (blocker.TotalUnits != 1 || visited.Contains(blocker.Index) || (lacksStock && blocker.Skus[0] != order.Skus[0]))
            {
                continue;
            }

            tried++;
            visited.Add(blocker.Index);
            var blockerDecision = decisions[blocker.Index]!;
            context.Release(blocker, blockerDecision);
            if (TryCommit(order, current, source, latest))
            {
                // What is left of the limit passes to the moved order on top of its present cost.
                var spare = limitCents == long.MaxValue ? long.MaxValue : limitCents - decisions[order.Index]!.CostCents;
                var blockerLimit = spare == long.MaxValue ? long.MaxValue : blockerDecision.CostCents + spare;
                if (Place(blocker, blockerDecision, movesLeft - 1, blockerLimit))
                {
                    return true;
                }

                if (exchangeStartCents is { } start && planCents - blockerDecision.CostCents < start)
                {
                    // Exchange: the moved order stays unfilled, and the chain, which filled another, costs less.
                    decisions[blocker.Index] = null;
                    ordersAtSource.Remove(blocker, blockerDecision);
                    planCents -= blockerDecision.CostCents;
                    filled--;
                    return true;
                }

                var placed = decisions[order.Index]!;
                context.Release(order, placed);
                planCents -= placed.CostCents - (current?.CostCents ?? 0);
                filled -= current is null ? 1 : 0;
                ordersAtSource.Remove(order, placed);
                decisions[order.Index] = current;
                if (current is not null)
                {
                    ordersAtSource.Add(order, current);
                }
            }

            context.Commit(blocker, blockerDecision);
        }

        return false;
    }

    // Commits the single-unit order at the source if its unit and a pick by its latest bucket are free there.
    private bool TryCommit(PreparedOrder order, Decision? current, int source, int latest)
    {
        if (context.Stock(order.Skus[0], source) <= 0)
        {
            return false;
        }

        var bucket = context.DeadlineScheduling
            ? (context.HasRoom(source, latest) ? latest : -1)
            : FlowBatchPlanner.FirstFreeBucket(context, source, order.ReleaseBucket, latest);
        if (bucket < 0)
        {
            return false;
        }

        SourceChoice[] choice = [new SourceChoice(source, bucket, context.Ready(source, order.Pickup, bucket), [1])];
        var decision = new Decision(choice, context.CostCents(order, choice));
        context.Commit(order, decision);
        planCents += decision.CostCents - (current?.CostCents ?? 0);
        filled += current is null ? 1 : 0;
        ordersAtSource.Move(order, current, decision);
        decisions[order.Index] = decision;
        return true;
    }
}
