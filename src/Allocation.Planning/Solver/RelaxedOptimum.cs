using Google.OrTools.Graph;
using Google.OrTools.LinearSolver;

namespace Allocation.Planning;

/// <summary>
/// Lower bounds for the benchmark. Single-unit orders: exact min-cost flow over every feasible source with pick capacity
/// pooled per location over the window (relaxes the hourly buckets). Multi-unit orders: the LP relaxation (GLOP) of the
/// joint model with fractional "source used" flags and fractional orders, over each order's
/// <see cref="MultiUnitCandidatesMax"/> cheapest feasible sources.
/// </summary>
internal static class RelaxedOptimum
{
    public const int MultiUnitCandidatesMax = 16;

    public sealed record Bound(decimal Cost, double FilledOrders, string Method);

    public static Bound Compute(PlanningRequest request)
    {
        var limits = request.Limits ?? PlanningLimits.Default;
        var network = CompiledNetwork.TryGet(request.Network, out var errors) ?? throw new ArgumentException(string.Join("; ", errors), nameof(request));
        var context = new PlanContext(network, request, limits, request.Costs ?? PlanningCosts.Default);
        var orders = OrderPreparation.Prepare(context, request).Where(order => order.IsMovable).ToList();
        return orders.TrueForAll(order => order.TotalUnits == 1) ? SingleUnitFlow(context, orders) : LinearRelaxation(context, orders);
    }

    private static Bound SingleUnitFlow(PlanContext context, List<PreparedOrder> orders)
    {
        using var flow = new MinCostFlow();
        var stockNodes = new Dictionary<(int Sku, int Location), int>();
        var latestDeadline = new Dictionary<int, long>();
        var penalty = 1_000_000_000L;
        var nextNode = 1 + orders.Count;
        for (var position = 0; position < orders.Count; position++)
        {
            var order = orders[position];
            flow.SetNodeSupply(1 + position, 1);
            flow.AddArcWithCapacityAndUnitCost(1 + position, 0, 1, penalty);
            foreach (var candidate in OrderSearch.Candidates(context, order, order.DeadlineMinute, context.Network.Count))
            {
                if (context.Stock(order.Skus[0], candidate.Location) <= 0)
                {
                    continue;
                }

                if (!stockNodes.TryGetValue((order.Skus[0], candidate.Location), out var node))
                {
                    node = nextNode++;
                    stockNodes[(order.Skus[0], candidate.Location)] = node;
                }

                latestDeadline[candidate.Location] = Math.Max(latestDeadline.GetValueOrDefault(candidate.Location), order.DeadlineMinute);
                flow.AddArcWithCapacityAndUnitCost(1 + position, node, 1, candidate.UnitCents + candidate.FixedCents);
            }
        }

        var locationNodes = new Dictionary<int, int>();
        foreach (var ((sku, location), node) in stockNodes)
        {
            if (!locationNodes.TryGetValue(location, out var locationNode))
            {
                locationNode = nextNode++;
                locationNodes[location] = locationNode;
                flow.AddArcWithCapacityAndUnitCost(locationNode, 0, PooledPicks(context, location, latestDeadline[location]), 0);
            }

            flow.AddArcWithCapacityAndUnitCost(node, locationNode, context.Stock(sku, location), 0);
        }

        flow.SetNodeSupply(0, -orders.Count);
        if (flow.Solve() != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException("relaxed flow not optimal");
        }

        var unfilled = Enumerable.Range(0, flow.NumArcs()).Where(arc => flow.Head(arc) == 0 && flow.Tail(arc) <= orders.Count).Sum(arc => flow.Flow(arc));
        return new Bound(Money.FromCents(flow.OptimalCost() - (unfilled * penalty)), orders.Count - unfilled, "min-cost flow, all feasible sources, pooled capacity");
    }

    private static Bound LinearRelaxation(PlanContext context, List<PreparedOrder> orders)
    {
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP unavailable");
        var objective = solver.Objective();
        objective.SetMinimization();
        var penalty = 1_000_000.0;
        var stockRows = new Dictionary<(int Sku, int Location), Constraint>();
        var capacityRows = new Dictionary<int, Constraint>();
        var filledVariables = new List<Variable>();
        var latestDeadline = orders.Select(order => order.DeadlineMinute).DefaultIfEmpty(context.NowMinute).Max();
        foreach (var order in orders)
        {
            var filled = solver.MakeNumVar(0, 1, string.Empty);
            filledVariables.Add(filled);
            objective.SetCoefficient(filled, -penalty - context.SplitPenaltyCents);
            var demandRows = order.Quantities.Select(quantity => Row(solver, 0, 0, (filled, -quantity))).ToArray();
            var splitRow = Row(solver, double.NegativeInfinity, 0, (filled, -(context.Limits.SplitsPerOrderMax + 1)));
            foreach (var candidate in OrderSearch.Candidates(context, order, order.DeadlineMinute, MultiUnitCandidatesMax))
            {
                var used = solver.MakeNumVar(0, 1, string.Empty);
                objective.SetCoefficient(used, candidate.FixedCents + context.SplitPenaltyCents);
                splitRow.SetCoefficient(used, 1);
                CapacityRow(solver, context, capacityRows, candidate.Location, latestDeadline).SetCoefficient(used, 1);
                for (var requirement = 0; requirement < order.Skus.Length; requirement++)
                {
                    var available = context.Stock(order.Skus[requirement], candidate.Location);
                    if (available <= 0)
                    {
                        continue;
                    }

                    var units = solver.MakeNumVar(0, Math.Min(available, order.Quantities[requirement]), string.Empty);
                    objective.SetCoefficient(units, candidate.UnitCents);
                    demandRows[requirement].SetCoefficient(units, 1);
                    Row(solver, double.NegativeInfinity, 0, (units, 1), (used, -order.Quantities[requirement]));
                    var key = (order.Skus[requirement], candidate.Location);
                    if (!stockRows.TryGetValue(key, out var stockRow))
                    {
                        stockRow = stockRows[key] = solver.MakeConstraint(double.NegativeInfinity, available, string.Empty);
                    }

                    stockRow.SetCoefficient(units, 1);
                }
            }
        }

        objective.SetOffset(penalty * orders.Count);

        if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
        {
            throw new InvalidOperationException("LP relaxation not optimal");
        }

        var filledOrders = filledVariables.Sum(variable => variable.SolutionValue());
        var cost = objective.Value() - (penalty * (orders.Count - filledOrders));
        return new Bound(Math.Round((decimal)cost / 100m, 2), filledOrders, $"LP relaxation (GLOP), {MultiUnitCandidatesMax} cheapest feasible sources per order, pooled capacity");
    }

    private static Constraint Row(Solver solver, double lower, double upper, params (Variable Variable, double Coefficient)[] terms)
    {
        var row = solver.MakeConstraint(lower, upper, string.Empty);
        foreach (var (variable, coefficient) in terms)
        {
            row.SetCoefficient(variable, coefficient);
        }

        return row;
    }

    private static Constraint CapacityRow(Solver solver, PlanContext context, Dictionary<int, Constraint> rows, int location, long deadlineMinute)
    {
        if (!rows.TryGetValue(location, out var row))
        {
            row = rows[location] = solver.MakeConstraint(double.NegativeInfinity, PooledPicks(context, location, deadlineMinute), string.Empty);
        }

        return row;
    }

    private static long PooledPicks(PlanContext context, int location, long deadlineMinute)
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
