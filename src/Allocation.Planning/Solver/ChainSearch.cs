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
    public const int ChainOrdersMax = 8;

    /// <summary>Cheapest feasible sources of an order tried in a chain.</summary>
    public const int SourcesPerOrderMax = 12;

    /// <summary>Orders at one source tried as the one to move, per step.</summary>
    public const int BlockersPerSourceMax = 12;

    /// <summary>Rounds of the three passes (fill, exchange, cost), while one of them changed something.</summary>
    public const int RoundsMax = 3;

    /// <summary>Orders a chain's search may visit before it gives up: bounds one unfilled order's cost.</summary>
    public const int VisitsPerChainMax = 1_000;

    private readonly PlanContext context;
    private readonly Decision?[] decisions;
    private readonly OrdersBySource ordersAtSource;
    private readonly List<PreparedOrder> movable;
    private readonly HashSet<int> visited = [];
    private readonly Dictionary<int, (int Source, int Latest, long Cents)[]> sourcesByOrder = [];

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
        this.movable = movable;
    }

    /// <summary>
    /// Fill: a chain for every unfilled single-unit order, most urgent first. Exchange: for those still unfilled, a chain
    /// whose last moved order may stay unfilled, kept if the plan costs less at equal fill. Cost: dearest first, every
    /// placed single-unit order tries a cheaper source through a chain whose moves together cost less. Up to
    /// <see cref="RoundsMax"/> rounds while one changed something, until the deadline; returns the orders added and the
    /// cents saved at equal fill.
    /// </summary>
    public static (int Added, long SavedCents) Run(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock, long deadlineMilliseconds)
    {
        if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
        {
            return (0, 0);
        }

        var search = new ChainSearch(context, movable, decisions);
        long saved = 0;
        for (var round = 0; round < RoundsMax; round++)
        {
            var (filledBefore, savedBefore) = (search.filled, saved);
            var finished = search.FillAndExchange(clock, deadlineMilliseconds, ref saved);
            context.Phases.Mark($"chains {round + 1}: fill and exchange", clock);
            finished = finished && search.Cheapen(movable, clock, deadlineMilliseconds, ref saved);
            context.Phases.Mark($"chains {round + 1}: cost", clock);
            if (!finished || (search.filled == filledBefore && saved == savedBefore))
            {
                break;
            }
        }

        return (search.filled, saved);
    }

    // A chain for each unfilled single-unit order, most urgent first; then, for those still unfilled, an exchange. False
    // when the deadline stopped it.
    private bool FillAndExchange(PlanClock clock, long deadlineMilliseconds, ref long saved)
    {
        foreach (var exchange in new[] { false, true })
        {
            foreach (var order in OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is null && order.TotalUnits == 1)))
            {
                if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
                {
                    return false;
                }

                var (filledBefore, centsBefore) = (filled, planCents);
                visited.Clear();
                exchangeStartCents = exchange ? planCents : null;
                Place(order, null, ChainOrdersMax, long.MaxValue);
                exchangeStartCents = null;
                saved += filled == filledBefore ? centsBefore - planCents : 0;
            }
        }

        return true;
    }

    // Dearest first, each placed single-unit order tries a cheaper source through a chain. False when the deadline stopped it.
    private bool Cheapen(List<PreparedOrder> movable, PlanClock clock, long deadlineMilliseconds, ref long saved)
    {
        var placed = OrderPreparation.ByUrgency(movable.Where(order => decisions[order.Index] is not null && order.TotalUnits == 1));
        foreach (var order in placed.OrderByDescending(order => decisions[order.Index]!.CostCents).ToList())
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                return false;
            }

            saved += Cheapen(order);
        }

        return true;
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
        var sources = FeasibleSources(order, limitCents, current?.Sources[0].Location ?? -1);
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

    // The order's feasible sources depend only on the sources that held its SKU at the start and on its deadline, so
    // they are found once per order (the scan and the latest hours were most of a chain's time), then cut at the limit.
    private List<(int Source, int Latest)> FeasibleSources(PreparedOrder order, long limitCents, int except)
    {
        if (!sourcesByOrder.TryGetValue(order.Index, out var all))
        {
            all = EjectionSearch.FeasibleSources(context, order, long.MaxValue, SourcesPerOrderMax)
                .Select(source => (source.Source, source.Latest, context.FixedCents(source.Source, order.Pickup) + context.UnitCents(source.Source, order.Pickup)))
                .ToArray();
            sourcesByOrder[order.Index] = all;
        }

        var result = new List<(int Source, int Latest)>(all.Length);
        foreach (var (source, latest, cents) in all)
        {
            if (cents >= limitCents)
            {
                break;
            }

            if (source != except)
            {
                result.Add((source, latest));
            }
        }

        return result;
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
