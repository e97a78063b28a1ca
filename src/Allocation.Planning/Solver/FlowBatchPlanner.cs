using Allocation.Planning.Model;
using Allocation.Planning.Network;
using System.Diagnostics;
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

    /// <summary>
    /// Share of the time limit for flow, repair and improvement; the rest is kept for giving picks their hours and for
    /// assembling and explaining the plan (measured: 70-90 ms of a 1 s limit at 10,000 orders on a slow day).
    /// </summary>
    public const double SearchShareOfTimeLimit = 0.8;

    public static long SearchDeadlineMilliseconds(PlanContext context) => (long)(context.Limits.SolveTimeLimitMilliseconds * SearchShareOfTimeLimit);

    public static bool Solve(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, Stopwatch clock)
    {
        var flowUnits = RunFlow(context, movable, clock, out var solved, out var candidatesByOrder);
        if (!solved)
        {
            return false;
        }

        var deadlineScheduling = context.TryBeginDeadlineScheduling(movable);
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

        // Regret against the stock the flow left: an alternative someone else took is no alternative.
        var ranked = singles.Select(single => (single.Order, single.Source, Regret(context, single.Order, single.Source, candidatesByOrder[single.Position]))).ToList();
        AdmitSingles(context, ranked, decisions, repair);
        context.Phases.Mark("admit singles", clock);
        var positionOf = movable.Select((order, position) => (order, position)).ToDictionary(pair => pair.order.Index, pair => pair.position);
        // Every order is decided with the full search even past the time limit: the search is cheap next to its candidate
        // scan, and a narrower one (tried: SplitsPerOrderMax + 1 candidates) lost a sixth of the multi-line fill under load.
        foreach (var order in multiUnit)
        {
            foreach (var (source, units) in flowUnits[positionOf[order.Index]])
            {
                for (var requirement = 0; requirement < order.Skus.Length; requirement++)
                {
                    context.AddStock(order.Skus[requirement], source, units[requirement]);
                }
            }

            OrderSearch.Decide(context, order, decisions);
        }

        foreach (var order in OrderPreparation.ByUrgency(repair))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        context.Phases.Mark("repair", clock);
        RetryUnallocated(context, movable, decisions, clock);
        context.Phases.Mark("retry", clock);
        EjectionSearch.Run(context, movable, decisions, clock, SearchDeadlineMilliseconds(context));
        context.Phases.Mark("ejection", clock);
        var basketsAdded = BasketEjectionSearch.Run(context, movable, decisions, clock, SearchDeadlineMilliseconds(context));
        context.Phases.Mark($"basket ejection (+{basketsAdded} orders)", clock);
        SwapSearch.Run(context, movable, decisions, clock, SearchDeadlineMilliseconds(context));
        context.Phases.Mark("swap", clock);
        Improve(context, movable, decisions, clock);
        context.Phases.Mark("improve", clock);
        if (deadlineScheduling)
        {
            DeadlineSchedule.Assign(context, movable, decisions);
            context.Phases.Mark("deadline schedule", clock);
        }

        return true;
    }

    // Repairs and moves release stock and picks: unallocated orders get another plain search first (cheap, and fill comes
    // first), before the costlier ejection moves.
    private static void RetryUnallocated(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, Stopwatch clock)
    {
        var budget = SearchDeadlineMilliseconds(context);
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
    private static void Improve(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, Stopwatch clock)
    {
        var budget = SearchDeadlineMilliseconds(context);
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
    private static void AdmitSingles(PlanContext context, List<(PreparedOrder Order, int Source, long Regret)> singles, Decision?[] decisions, List<PreparedOrder> repair)
    {
        foreach (var group in singles.GroupBy(single => single.Source))
        {
            var source = group.Key;
            var queue = group
                .Select(single => (single.Order, Latest: context.LatestBucket(single.Order, source, single.Order.DeadlineMinute), single.Regret))
                .OrderBy(item => context.DeadlineScheduling ? -item.Regret : item.Latest).ThenBy(item => item.Latest).ThenBy(item => item.Order.TieBreak).ThenBy(item => item.Order.Index)
                .Select(item => (item.Order, item.Latest));
            foreach (var (order, latest) in queue)
            {
                var bucket = context.DeadlineScheduling ? (latest >= 0 && context.HasRoom(source, latest) ? latest : -1) : FirstFreeBucket(context, source, order.ReleaseBucket, latest);
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

    private static int FirstFreeBucket(PlanContext context, int source, int first, int last)
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
    private static List<(int Source, int[] Units)>[] RunFlow(
        PlanContext context, List<PreparedOrder> movable, Stopwatch clock, out bool solved, out List<List<OrderSearch.Candidate>> candidatesByOrder)
    {
        using var flow = new FlowModel(context);
        var arcs = new List<(int Position, int Requirement, int Source, int Arc)>();
        var multiUnitInFlow = movable.Where(order => order.TotalUnits > 1).Sum(order => order.Skus.Length) <= MultiUnitFlowLinesMax;
        candidatesByOrder = movable.Select(order => order.TotalUnits == 1
            ? OrderSearch.Candidates(context, order, order.DeadlineMinute, context.Limits.CandidateSourcesPerOrderMax * FlowCandidatesMultiplier)
            : multiUnitInFlow ? OrderSearch.Candidates(context, order, order.DeadlineMinute, context.Limits.CandidateSourcesPerOrderMax) : []).ToList();
        context.Phases.Mark("flow candidates", clock);
        for (var position = 0; position < movable.Count; position++)
        {
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
        solved = flow.Solve();
        context.Phases.Mark("flow solve", clock);
        var result = Enumerable.Range(0, movable.Count).Select(_ => new List<(int Source, int[] Units)>()).ToArray();
        if (!solved)
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

        public bool Solve()
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
            return supplies.Count == 0 || flow.SolveMaxFlowWithMinCost() == MinCostFlowBase.Status.OPTIMAL;
        }

        public void Dispose() => flow.Dispose();

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
