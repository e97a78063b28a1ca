using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Google.OrTools.Graph;

namespace Allocation.Planning.Solver;

/// <summary>
/// Batch re-planning: one OR-Tools min-cost flow over all movable orders (order line -> (sku, source) stock -> source pick
/// capacity -> sink, K candidate sources per order), then repair: single-unit orders get hourly buckets earliest-deadline-first,
/// multi-unit orders are re-decided one by one with the exact per-order search (split limit, exact buckets), and
/// leftover time is spent on best-response improvement passes.
/// </summary>
internal static class FlowBatchPlanner
{
    /// <summary>
    /// The flow looks at this many times CandidateSourcesPerOrderMax sources per order: arcs are cheap, and with scarce stock
    /// the K cheapest holders are often taken by other orders, which only a wider joint view can untangle.
    /// </summary>
    public const int FlowCandidatesMultiplier = 4;

    /// <summary>
    /// Multi-unit orders are re-decided by the exact per-order search after the flow anyway; in the flow they only keep
    /// single-unit orders off the stock they need. Measured: with 2,000 multi-line orders (about 5,000 lines) that is
    /// worth 4 % of cost; with 10,000 (25,000 lines) their arcs took 0.7 s of the 1 s limit and left no time to improve.
    /// So they join the flow, with K arcs per line, only while their lines stay within this count.
    /// </summary>
    public const int MultiUnitFlowLinesMax = 8_000;

    /// <summary>Orders handled between two readings of the clock in loops whose steps are a few microseconds each.</summary>
    private const int OrdersPerClockReading = 64;

    /// <summary>
    /// Plans <paramref name="movable"/> (most urgent first) into <paramref name="decisions"/>, every phase stopping at its
    /// deadline. Without a solved flow the orders are decided one by one, most urgent first, until the search deadline;
    /// orders not reached stay unallocated. With a solved flow and a plan decided one by one before it (a slow machine),
    /// the better of the two is kept (<see cref="IsBetterPlan"/>).
    /// </summary>
    public static FlowOutcome Solve(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock)
    {
        var flowUnits = RunFlow(context, movable, decisions, clock, out var outcome, out var candidatesByOrder, out var fallback);
        if (outcome != FlowOutcome.Solved)
        {
            if (fallback is null)
            {
                DecideFromCandidates(context, movable, candidatesByOrder, decisions, clock);
                context.Phases.Mark("sequential", clock);
            }
            else
            {
                TakeFallback(context, fallback.Value, decisions);
                context.Phases.Mark("sequential (decided before the flow)", clock);
            }

            RunChains(context, movable, decisions, clock);
            return outcome;
        }

        var deadlineScheduling = context.TryBeginDeadlineScheduling(movable);
        var (singles, multiUnit, repair) = TakeFlowUnits(context, movable, flowUnits);
        AdmitRanked(context, singles, candidatesByOrder, decisions, repair, clock);
        RepairRest(context, movable, flowUnits, multiUnit, repair, decisions, clock);
        RetryUnallocated(context, movable, decisions, clock);
        context.Phases.Mark("retry", clock);
        ImproveInTurn(context, movable, decisions, clock);
        if (deadlineScheduling)
        {
            DeadlineSchedule.Assign(context, movable, decisions);
            context.Phases.Mark("deadline schedule", clock);
        }

        return fallback is { } decidedFirst && KeepBetterPlan(context, movable, decisions, decidedFirst, clock) ? FlowOutcome.FallbackKept : FlowOutcome.Solved;
    }

    /// <summary>
    /// Whether a plan with <paramref name="units"/> allocated at <paramref name="cents"/> is better than one with
    /// <paramref name="otherUnits"/> at <paramref name="otherCents"/>: more allocated units first (fill comes first, as
    /// everywhere in the planner), then, at equal units, a lower cost. A tie is not better.
    /// </summary>
    internal static bool IsBetterPlan(long units, long cents, long otherUnits, long otherCents) =>
        units > otherUnits || (units == otherUnits && cents < otherCents);

    /// <summary>
    /// After the flow's path: keeps the plan decided one by one before the flow (<paramref name="fallback"/>) instead of
    /// the flow's when it is better (<see cref="IsBetterPlan"/>), then gives it the chains in any time left. A flow solved
    /// just before its share of the limit on a slow machine can leave admission and repair no time before the search
    /// deadline (measured: 0 of 9,133 picks admitted, a plan of 0 % where the fallback had a whole one). Marks which plan
    /// was kept; true when it was the fallback.
    /// </summary>
    private static bool KeepBetterPlan(
        PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, (PlanContext Context, Decision?[] Decisions) fallback, PlanClock clock)
    {
        var (flowUnits, flowCents) = UnitsAndCents(movable, decisions);
        var (fallbackUnits, fallbackCents) = UnitsAndCents(movable, fallback.Decisions);
        var units = $"{fallbackUnits} units at {Money.FromCents(fallbackCents):0.00} decided before the flow, {flowUnits} at {Money.FromCents(flowCents):0.00} after it";
        if (!IsBetterPlan(fallbackUnits, fallbackCents, flowUnits, flowCents))
        {
            context.Phases.Mark($"kept the flow's plan ({units})", clock);
            return false;
        }

        TakeFallback(context, fallback, decisions);
        context.Phases.Mark($"kept the sequential fallback ({units})", clock);
        RunChains(context, movable, decisions, clock);
        return true;
    }

    /// <summary>Units allocated to <paramref name="movable"/> by <paramref name="decisions"/>, and what they cost.</summary>
    private static (long Units, long Cents) UnitsAndCents(List<PreparedOrder> movable, Decision?[] decisions)
    {
        long units = 0, cents = 0;
        foreach (var order in movable)
        {
            if (decisions[order.Index] is { } decision)
            {
                units += decision.Sources.Sum(source => (long)source.Units.Sum());
                cents += decision.CostCents;
            }
        }

        return (units, cents);
    }

    /// <summary>Takes over the residual stock and capacity, and the decisions, of the plan decided before the flow.</summary>
    private static void TakeFallback(PlanContext context, (PlanContext Context, Decision?[] Decisions) fallback, Decision?[] decisions)
    {
        context.CopyFrom(fallback.Context);
        Array.Copy(fallback.Decisions, decisions, decisions.Length);
    }

    // One by one, orders take what the more urgent left: the chains give back what that costs, in the time left.
    private static void RunChains(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock)
    {
        var (filled, saved) = ChainSearch.Run(context, movable, decisions, clock, clock.SearchDeadlineMilliseconds);
        context.Phases.Mark($"chains (+{filled} orders, -{Money.FromCents(saved):0.00})", clock);
    }

    /// <summary>
    /// Takes the flow's units out of stock and sorts the orders: single-unit orders with one source (to admit), multi-unit
    /// orders with units (to re-decide), and the rest (to repair).
    /// </summary>
    private static (List<(PreparedOrder Order, int Source, int Position)> Singles, List<PreparedOrder> MultiUnit, List<PreparedOrder> Repair) TakeFlowUnits(
        PlanContext context, List<PreparedOrder> movable, List<(int Source, int[] Units)>[] flowUnits)
    {
        var repair = new List<PreparedOrder>();
        var multiUnit = new List<PreparedOrder>();
        var singles = new List<(PreparedOrder Order, int Source, int Position)>();
        for (var index = 0; index < movable.Count; index++)
        {
            var order = movable[index];
            foreach (var (source, units) in flowUnits[index])
            {
                for (var requirement = 0; requirement < order.Skus.Length; requirement++)
                {
                    context.AddStock(order.Skus[requirement], source, -units[requirement]);
                }
            }

            if (order.TotalUnits == 1 && flowUnits[index].Count == 1)
            {
                singles.Add((order, flowUnits[index][0].Source, index));
            }
            else if (order.TotalUnits > 1 && flowUnits[index].Count > 0)
            {
                multiUnit.Add(order);
            }
            else
            {
                repair.Add(order);
            }
        }

        return (singles, multiUnit, repair);
    }

    /// <summary>Ranks the flow's single-unit picks by regret and admits them (<see cref="AdmitSingles"/>); refused ones join <paramref name="repair"/>.</summary>
    private static void AdmitRanked(
        PlanContext context, List<(PreparedOrder Order, int Source, int Position)> singles, List<List<OrderSearch.Candidate>> candidatesByOrder,
        Decision?[] decisions, List<PreparedOrder> repair, PlanClock clock)
    {
        // Regret against the stock the flow left: an alternative someone else took is no alternative.
        // Not past the search deadline (at load 20 the regrets and latest hours of 10,000 singles took 150 ms):
        // picks without a regret are refused below anyway.
        var ranked = new List<(PreparedOrder Order, int Source, long Regret)>(singles.Count);
        var ranking = true;
        foreach (var single in singles)
        {
            ranking = ranking && (ranked.Count % OrdersPerClockReading != 0 || !clock.IsPastSearchDeadline);
            ranked.Add((single.Order, single.Source, ranking ? Regret(context, single.Order, single.Source, candidatesByOrder[single.Position]) : 0));
        }

        var refused = repair.Count;
        AdmitSingles(context, ranked, decisions, repair, clock);
        context.Phases.Mark($"admit singles ({singles.Count - (repair.Count - refused)} of {singles.Count})", clock);
    }

    /// <summary>
    /// Re-decides the flow's multi-unit orders, then the orders to repair, with the exact per-order search until the search
    /// deadline.
    /// </summary>
    private static void RepairRest(
        PlanContext context, List<PreparedOrder> movable, List<(int Source, int[] Units)>[] flowUnits, List<PreparedOrder> multiUnit,
        List<PreparedOrder> repair, Decision?[] decisions, PlanClock clock)
    {
        var positionOf = movable.Select((order, position) => (order, position)).ToDictionary(pair => pair.order.Index, pair => pair.position);
        // Each order is decided with the full search (a narrower one, tried with SplitsPerOrderMax + 1 candidates, lost a
        // sixth of the multi-line fill under load) until the search deadline; the flow's units of the orders
        // not reached by then go back to stock and those orders stay unallocated.
        foreach (var order in multiUnit)
        {
            foreach (var (source, units) in flowUnits[positionOf[order.Index]])
            {
                for (var requirement = 0; requirement < order.Skus.Length; requirement++)
                {
                    context.AddStock(order.Skus[requirement], source, units[requirement]);
                }
            }

            if (!clock.IsPastSearchDeadline)
            {
                OrderSearch.Decide(context, order, decisions);
            }
        }

        if (!clock.IsPastSearchDeadline)
        {
            DecideInTurn(context, OrderPreparation.ByUrgency(repair), decisions, clock); // the sort took 48 ms at load 50
        }

        context.Phases.Mark("repair", clock);
    }

    /// <summary>The improvement searches after repair, each until the search deadline.</summary>
    private static void ImproveInTurn(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock)
    {
        // The chains first: on single-unit orders they do what the ejection search's pair moves do and more, for less
        // time (2,000 orders, 100 stores, load 13: ejection 311 ms, then the chains were cut at the search share, 72 %).
        RunChains(context, movable, decisions, clock);
        EjectionSearch.Run(context, movable, decisions, clock, clock.SearchDeadlineMilliseconds);
        context.Phases.Mark("ejection", clock);
        var basketsAdded = BasketEjectionSearch.Run(context, movable, decisions, clock, clock.SearchDeadlineMilliseconds);
        context.Phases.Mark($"basket ejection (+{basketsAdded} orders)", clock);
        SwapSearch.Run(context, movable, decisions, clock, clock.SearchDeadlineMilliseconds);
        context.Phases.Mark("swap", clock);
        Improve(context, movable, decisions, clock);
        context.Phases.Mark("improve", clock);
    }

    /// <summary>Decides the orders in the given order with the exact per-order search until the search deadline.</summary>
    private static void DecideInTurn(PlanContext context, List<PreparedOrder> orders, Decision?[] decisions, PlanClock clock)
    {
        foreach (var order in orders)
        {
            if (clock.IsPastSearchDeadline)
            {
                return;
            }

            OrderSearch.Decide(context, order, decisions);
        }
    }

    /// <summary>
    /// Without a flow, most urgent first until the search deadline: a single-unit order whose candidates the flow
    /// had scanned takes the cheapest of them that still holds its unit and has an hour in time (what the per-order search
    /// would choose among them, without scanning again: a few microseconds an order); any other order is searched.
    /// </summary>
    private static void DecideFromCandidates(
        PlanContext context, List<PreparedOrder> movable, List<List<OrderSearch.Candidate>> candidatesByOrder, Decision?[] decisions, PlanClock clock)
    {
        for (var position = 0; position < movable.Count; position++)
        {
            if (clock.IsPastSearchDeadline)
            {
                return;
            }

            var order = movable[position];
            var candidates = position < candidatesByOrder.Count ? candidatesByOrder[position] : [];
            if (order.TotalUnits != 1 || candidates.Count == 0)
            {
                OrderSearch.Decide(context, order, decisions);
                continue;
            }

            Decision? best = null;
            foreach (var candidate in candidates)
            {
                if (context.Stock(order.Skus[0], candidate.Location) <= 0 || (best is not null && candidate.UnitCents + candidate.FixedCents >= best.CostCents))
                {
                    continue;
                }

                var (bucket, ready) = context.EarliestBucket(order, candidate.Location, order.DeadlineMinute);
                if (bucket >= 0)
                {
                    SourceChoice[] choice = [new SourceChoice(candidate.Location, bucket, ready, [1])];
                    best = new Decision(choice, context.CostCents(order, choice));
                }
            }

            if (best is not null)
            {
                context.Commit(order, best);
                decisions[order.Index] = best;
            }
        }
    }

    // Repairs and moves release stock and picks: unallocated orders get another plain search first (cheap, and fill comes
    // first), before the costlier ejection moves.
    private static void RetryUnallocated(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock)
    {
        var budget = clock.SearchDeadlineMilliseconds;
        foreach (var order in movable)
        {
            if (clock.ElapsedMilliseconds >= budget)
            {
                return;
            }

            if (decisions[order.Index] is null)
            {
                OrderSearch.Decide(context, order, decisions);
            }
        }
    }

    // Best response: each order re-decides against everyone else's choices (after repair and ejection moves, cheaper
    // places can have opened up); a move is kept only if cheaper, and unallocated orders get another chance.
    private static void Improve(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock)
    {
        var budget = clock.SearchDeadlineMilliseconds;
        foreach (var order in movable)
        {
            if (clock.ElapsedMilliseconds >= budget)
            {
                return;
            }

            var current = decisions[order.Index];
            if (current is null)
            {
                OrderSearch.Decide(context, order, decisions);
                continue;
            }

            context.Release(order, current);
            var candidate = OrderSearch.Cheapest(context, order);
            var chosen = candidate is not null && candidate.CostCents < current.CostCents ? candidate : current;
            context.Commit(order, chosen);
            decisions[order.Index] = chosen;
        }
    }

    // What the order loses if it cannot have this source: the next cheapest candidate that still has its unit costs that
    // much more; with none left, the order would go unfilled, which outweighs any cost.
    private static long Regret(PlanContext context, PreparedOrder order, int source, List<OrderSearch.Candidate> candidates)
    {
        long here = 0, alternative = long.MaxValue;
        foreach (var candidate in candidates)
        {
            var cost = candidate.UnitCents + candidate.FixedCents;
            if (candidate.Location == source)
            {
                here = cost;
            }
            else if (cost < alternative && context.Stock(order.Skus[0], candidate.Location) > 0)
            {
                alternative = cost;
            }
        }

        return alternative == long.MaxValue ? long.MaxValue : alternative - here;
    }

    // In deadline scheduling, the picks that fit form a matroid (scheduling unit jobs with deadlines), so admitting them
    // in order of falling regret keeps the set that loses least; otherwise earliest deadline first with real hours.
    // Picks not reached by the search deadline give their unit back and stay unallocated.
    private static void AdmitSingles(PlanContext context, List<(PreparedOrder Order, int Source, long Regret)> singles, Decision?[] decisions, List<PreparedOrder> repair, PlanClock clock)
    {
        foreach (var group in singles.GroupBy(single => single.Source))
        {
            var source = group.Key;
            if (clock.IsPastSearchDeadline)
            {
                foreach (var (order, _, _) in group)
                {
                    context.AddStock(order.Skus[0], source, 1);
                    repair.Add(order);
                }

                continue;
            }

            var queue = group
                .Select(single => (single.Order, Latest: context.LatestBucket(single.Order, source, single.Order.DeadlineMinute), single.Regret))
                .OrderBy(item => context.DeadlineScheduling ? -item.Regret : item.Latest).ThenBy(item => item.Latest).ThenBy(item => item.Order.TieBreak).ThenBy(item => item.Order.Index)
                .Select(item => (item.Order, item.Latest));
            foreach (var (order, latest) in queue)
            {
                var bucket = clock.IsPastSearchDeadline ? -1
                    : context.DeadlineScheduling ? (latest >= 0 && context.HasRoom(source, latest) ? latest : -1)
                    : FirstFreeBucket(context, source, order.ReleaseBucket, latest);
                if (bucket < 0)
                {
                    context.AddStock(order.Skus[0], source, 1);
                    repair.Add(order);
                    continue;
                }

                context.AddCapacity(source, bucket, -1);
                var choice = new SourceChoice(source, bucket, context.Ready(source, order.Pickup, bucket), [1]);
                decisions[order.Index] = new Decision([choice], context.CostCents(order, [choice]));
            }
        }
    }

    /// <summary>The first bucket from <paramref name="first"/> to <paramref name="last"/> with a free pick at the source, or -1.</summary>
    internal static int FirstFreeBucket(PlanContext context, int source, int first, int last)
    {
        for (var bucket = first; bucket <= last; bucket++)
        {
            if (context.PickDone(source, bucket) >= 0 && context.Capacity(source, bucket) > 0)
            {
                return bucket;
            }
        }

        return -1;
    }

    /// <summary>Per movable order (same positions), the units per requirement the flow sends from each source.</summary>
    /// <remarks>Orders whose candidates were not scanned by the flow-candidates share of the limit are left out of the flow
    /// (no units: they are decided one by one after it).</remarks>
    private static List<(int Source, int[] Units)>[] RunFlow(
        PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, PlanClock clock, out FlowOutcome outcome,
        out List<List<OrderSearch.Candidate>> candidatesByOrder, out (PlanContext Context, Decision?[] Decisions)? fallback)
    {
        using var flow = new FlowModel(context);
        var arcs = new List<(int Position, int Requirement, int Source, int Arc)>();
        candidatesByOrder = FlowCandidates(context, movable, clock, out var scannedAll);
        context.Phases.Mark("flow candidates", clock);
        var result = Enumerable.Range(0, movable.Count).Select(_ => new List<(int Source, int[] Units)>()).ToArray();
        fallback = null;
        if (!scannedAll)
        {
            // A machine too slow to scan every order by 40 % of the limit does not solve the flow by 60 % either (at load
            // 20-30 it was abandoned in 9 of 10 such calls, leaving the one-by-one decisions 120 ms): they get the time.
            outcome = FlowOutcome.OutOfTime;
            return result;
        }

        if (clock.IsPast(PlanClock.FallbackFirstShareOfTimeLimit) && movable.All(order => order.TotalUnits == 1))
        {
            // A slow machine: decide the orders one by one from their candidates first (on a copy), so that a flow
            // abandoned at 60 % leaves a whole plan rather than the one-by-one decisions 120 ms (at load 20-28 they then
            // filled 29-35 % of 10,000 single-unit orders; done first, they take 40-100 ms there). Single-unit orders only:
            // a basket is decided by a full search, which on 2,000 baskets takes most of the limit on such a machine.
            var copy = context.Clone();
            var copyDecisions = new Decision?[decisions.Length];
            DecideFromCandidates(copy, movable, candidatesByOrder, copyDecisions, clock);
            fallback = (copy, copyDecisions);
            context.Phases.Mark("sequential fallback", clock);
        }

        for (var position = 0; position < movable.Count; position++)
        {
            if (position % OrdersPerClockReading == 0 && clock.IsPast(PlanClock.FlowSolveShareOfTimeLimit))
            {
                outcome = FlowOutcome.OutOfTime;
                return result;
            }

            var order = movable[position];
            for (var requirement = 0; requirement < order.Skus.Length; requirement++)
            {
                var node = flow.NewSupplyNode(order.Quantities[requirement]);
                foreach (var candidate in candidatesByOrder[position])
                {
                    if (context.Stock(order.Skus[requirement], candidate.Location) <= 0)
                    {
                        continue;
                    }

                    // Fixed costs (pick handling, shipment) are spread over the order's units: exact for single-unit orders.
                    var cost = candidate.UnitCents + ((candidate.FixedCents + (order.TotalUnits / 2)) / order.TotalUnits);
                    var arc = flow.AddSourceArc(node, order.Skus[requirement], candidate.Location, order.Quantities[requirement], cost, order.DeadlineMinute);
                    arcs.Add((position, requirement, candidate.Location, arc));
                }
            }
        }

        context.Phases.Mark("flow arcs", clock);
        outcome = flow.Solve(clock);
        context.Phases.Mark("flow solve", clock);
        if (outcome != FlowOutcome.Solved)
        {
            return result;
        }

        foreach (var (position, requirement, source, arc) in arcs)
        {
            var units = (int)flow.Flow(arc);
            if (units == 0)
            {
                continue;
            }

            var list = result[position];
            var entry = list.FindIndex(item => item.Source == source);
            if (entry < 0)
            {
                list.Add((source, new int[movable[position].Skus.Length]));
                entry = list.Count - 1;
            }

            list[entry].Units[requirement] += units;
        }

        return result;
    }

    // Most urgent first (the order of movable), until the flow-candidates share of the limit; later orders get none.
    private static List<List<OrderSearch.Candidate>> FlowCandidates(PlanContext context, List<PreparedOrder> movable, PlanClock clock, out bool scannedAll)
    {
        var multiUnitInFlow = movable.Where(order => order.TotalUnits > 1).Sum(order => order.Skus.Length) <= MultiUnitFlowLinesMax;
        var candidatesByOrder = new List<List<OrderSearch.Candidate>>(movable.Count);
        var scanning = true;
        foreach (var order in movable)
        {
            if (scanning && candidatesByOrder.Count % OrdersPerClockReading == 0)
            {
                scanning = !clock.IsPast(PlanClock.FlowCandidatesShareOfTimeLimit);
            }

            candidatesByOrder.Add(!scanning ? []
                : order.TotalUnits == 1 ? OrderSearch.Candidates(context, order, order.DeadlineMinute, context.Limits.CandidateSourcesPerOrderMax * FlowCandidatesMultiplier)
                : multiUnitInFlow ? OrderSearch.Candidates(context, order, order.DeadlineMinute, context.Limits.CandidateSourcesPerOrderMax)
                : []);
        }

        scannedAll = scanning;
        return candidatesByOrder;
    }

    /// <summary>The flow graph: supply nodes -> (sku, source) stock nodes -> source capacity nodes -> sink.</summary>
    private sealed class FlowModel(PlanContext context) : IDisposable
    {
        private readonly MinCostFlow flow = new();
        private readonly Dictionary<(int Sku, int Location), int> stockNodes = [];
        private readonly Dictionary<int, int> locationNodes = [];
        private readonly Dictionary<int, long> latestDeadlineByLocation = [];
        private readonly List<(int Node, long Supply)> supplies = [];
        private int nodeCount = 1; // node 0 is the sink
        private long supplyTotal;
        private bool abandoned;

        public int NewSupplyNode(int units)
        {
            supplies.Add((nodeCount, units));
            supplyTotal += units;
            return nodeCount++;
        }

        public int AddSourceArc(int node, int sku, int location, int units, long cents, long deadlineMinute)
        {
            if (!stockNodes.TryGetValue((sku, location), out var stockNode))
            {
                stockNode = nodeCount++;
                stockNodes[(sku, location)] = stockNode;
            }

            latestDeadlineByLocation[location] = Math.Max(latestDeadlineByLocation.GetValueOrDefault(location), deadlineMinute);
            return flow.AddArcWithCapacityAndUnitCost(node, stockNode, units, cents);
        }

        public long Flow(int arc) => flow.Flow(arc);

        /// <summary>
        /// Solves on a worker thread and waits at most until the flow-solve share of the limit: OR-Tools' min-cost flow has
        /// no time limit and cannot be interrupted, so a solve still running then is abandoned (it finishes on its worker,
        /// which then frees it) and the caller goes on without it.
        /// </summary>
        public FlowOutcome Solve(PlanClock clock)
        {
            foreach (var ((sku, location), stockNode) in stockNodes)
            {
                if (!locationNodes.TryGetValue(location, out var locationNode))
                {
                    locationNode = nodeCount++;
                    locationNodes[location] = locationNode;
                    flow.AddArcWithCapacityAndUnitCost(locationNode, 0, PicksUntil(location, latestDeadlineByLocation[location]), 0);
                }

                flow.AddArcWithCapacityAndUnitCost(stockNode, locationNode, context.Stock(sku, location), 0);
            }

            foreach (var (node, supply) in supplies)
            {
                flow.SetNodeSupply(node, supply);
            }

            flow.SetNodeSupply(0, -supplyTotal);
            if (supplies.Count == 0)
            {
                return FlowOutcome.Solved;
            }

            var remaining = clock.RemainingUntil(PlanClock.FlowSolveShareOfTimeLimit);
            if (remaining <= TimeSpan.Zero)
            {
                return FlowOutcome.OutOfTime;
            }

            var solve = Task.Run(flow.SolveMaxFlowWithMinCost);
            try
            {
                return solve.WaitAsync(remaining, clock.Time).GetAwaiter().GetResult() == MinCostFlowBase.Status.OPTIMAL ? FlowOutcome.Solved : FlowOutcome.NotOptimal;
            }
            catch (TimeoutException)
            {
                abandoned = true;
                solve.ContinueWith(_ => flow.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return FlowOutcome.OutOfTime;
            }
        }

        public void Dispose()
        {
            if (!abandoned)
            {
                flow.Dispose();
            }
        }

        // Capacity is summed over every bucket some order could still use; the repair step enforces the per-hour limits.
        private long PicksUntil(int location, long deadlineMinute)
        {
            long picks = 0;
            var last = Math.Min(context.BucketCount - 1, context.BucketOf(deadlineMinute));
            for (var bucket = 0; bucket <= last; bucket++)
            {
                picks += context.PickDone(location, bucket) >= 0 ? Math.Max(0, context.Capacity(location, bucket)) : 0;
            }

            return picks;
        }
    }
}
