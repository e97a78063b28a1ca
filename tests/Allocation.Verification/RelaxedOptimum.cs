using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;
using Google.OrTools.LinearSolver;

namespace Allocation.Verification;

/// <summary>
/// Lower bounds for the benchmark: the LP relaxation (GLOP) of the joint allocation model over every feasible source of
/// every order, solved by column generation. <see cref="MaxFill"/> gives the most orders any relaxed plan can fill (and
/// the least cost at that fill); <see cref="AtFill"/> the least cost of a relaxed plan filling at least F orders, which is
/// the like-for-like bound for a real plan that fills F orders (costs are non-negative, so it is monotone in F).
/// Relaxed: orders, units and "source used" flags are fractional. Kept exact: stock per (sku, location), the split limit,
/// the readiness window (a source is usable only up to its latest bucket that makes the deadline) and hourly pick
/// capacity as earliest-deadline-first prefix constraints per source (orders whose latest usable bucket at s is at or
/// before t use at most the capacity of s in buckets 0..t; necessary for any plan, sufficient when all orders are
/// released at "now"). See docs/allocation.md.
/// </summary>
internal sealed class RelaxedOptimum : IDisposable
{
    /// <summary>Columns each order starts with (its cheapest feasible sources); pricing adds the others when they help.</summary>
    public const int InitialSourcesPerOrder = 6;

    /// <summary>Columns added per order and pricing round, most negative reduced cost first (keeps the LP small).</summary>
    public const int AddedSourcesPerOrderPerRoundMax = 4;

    /// <summary>Pricing rounds before giving up on a multi-unit model (it then throws: its bound would not be proven).</summary>
    public const int PricingRoundsMax = 100;

    /// <summary>
    /// Pricing rounds of the cost stage for single-unit models, after which the Lagrangian bound of the last duals is
    /// reported: each GLOP re-solve after adding columns starts cold and takes seconds at 10,000 orders, and the Lagrangian
    /// bound is valid for any duals (it equals the LP optimum once no column prices out). The max-fill stage (fast
    /// rounds) always runs to convergence.
    /// </summary>
    public const int SingleUnitPricingRoundsMax = 5;

    // A column helps only if its reduced cost is below this (cents, or orders in the max-fill stage): GLOP's tolerances.
    private const double ReducedCostTolerance = 1e-6;

    private readonly PlanContext context;
    private readonly List<PreparedOrder> orders;
    private readonly Solver solver;
    private readonly Constraint fillRow;
    private readonly OrderModel[] models;
    private readonly Dictionary<(int Sku, int Location), Constraint> stockRows = [];
    private readonly Dictionary<(int Location, int Bucket), Constraint> capacityRows = [];
    private readonly List<(Variable Variable, double UpperBound)> passes = [];
    private readonly bool allSingleUnit;
    private readonly bool coverCuts;
    private bool maximisingFill;
    private double lastLowerBound;

    private RelaxedOptimum(PlanContext context, List<PreparedOrder> orders, bool coverCuts)
    {
        this.coverCuts = coverCuts;
        this.context = context;
        this.orders = orders;
        solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP unavailable");
        fillRow = solver.MakeConstraint(double.NegativeInfinity, double.PositiveInfinity, "fill");
        models = new OrderModel[orders.Count];
        allSingleUnit = orders.TrueForAll(order => order.TotalUnits == 1);
        var blocksBySource = new Dictionary<int, List<Block>>();
        for (var position = 0; position < orders.Count; position++)
        {
            models[position] = NewOrderModel(orders[position]);
            foreach (var block in models[position].Blocks)
            {
                (blocksBySource.TryGetValue(block.Source, out var list) ? list : blocksBySource[block.Source] = []).Add(block);
            }
        }

        foreach (var (source, blocks) in blocksBySource)
        {
            AddCapacityChain(source, blocks.Select(block => block.Latest).Distinct().Order().ToArray(), blocks.Count);
        }

        for (var position = 0; position < orders.Count; position++)
        {
            foreach (var block in models[position].Blocks.Take(InitialSourcesPerOrder))
            {
                AddBlock(position, block);
            }
        }
    }

    /// <param name="Cost">Lower bound on the cost.</param>
    /// <param name="FilledOrders">Orders filled by the relaxed plan of the last solve.</param>
    /// <param name="PricingRounds">LP solves.</param>
    /// <param name="IsLpOptimum">True when no column priced out (the LP optimum), false for a Lagrangian bound.</param>
    public sealed record Bound(decimal Cost, double FilledOrders, int PricingRounds, bool IsLpOptimum);

    public static string Method => "LP (GLOP, column generation over all feasible sources), hourly capacity as EDF prefix constraints";

    public int OrderCount => orders.Count;

    /// <summary>(order, source) pairs with a feasible source: the columns of a model over every feasible source.</summary>
    public int FeasiblePairs => models.Sum(model => model.Blocks.Count);

    /// <summary>The model of a request's movable orders against its stock and capacity.</summary>
    /// <param name="request">Request.</param>
    /// <param name="coverCuts">Add, for each basket that no single feasible source can fill alone, "sources used >= k x
    /// filled" (k = 2, or 3 when no pair can either): valid for every integer plan, it stops the relaxation from paying a
    /// fraction of a second source's fixed costs (docs/allocation.md, "Lower bound").</param>
    public static RelaxedOptimum Compute(PlanningRequest request, bool coverCuts = true)
    {
        var limits = request.Limits ?? PlanningLimits.Default;
        var network = CompiledNetwork.TryGet(request.Network, out var errors) ?? throw new ArgumentException(string.Join("; ", errors), nameof(request));
        var context = new PlanContext(network, request, limits, request.Costs ?? PlanningCosts.Default);
        var prepared = OrderPreparation.Prepare(context, request);
        foreach (var order in prepared.Where(order => order.IsPinned && order.InvalidReason is null))
        {
            PlanAssembler.ApplyPinned(context, order);
        }

        return new RelaxedOptimum(context, prepared.Where(order => order.IsMovable).ToList(), coverCuts);
    }

    /// <summary>Most orders a relaxed plan can fill: an upper bound on the fill of any plan.</summary>
    public double MaxFill()
    {
        maximisingFill = true;
        fillRow.SetBounds(double.NegativeInfinity, double.PositiveInfinity);
        return -SolveWithPricing()!.Value.LowerBound;
    }

    /// <summary>Least cost of a relaxed plan filling at least <paramref name="filledOrders"/> orders; null if none can.</summary>
    public Bound? AtFill(double filledOrders)
    {
        maximisingFill = false;
        fillRow.SetBounds(filledOrders, double.PositiveInfinity);
        if (SolveWithPricing() is not { } result)
        {
            return null;
        }

        // Whole cents, rounded down after allowing for the solver's tolerances: a bound must never exceed the true LP value.
        var cents = Math.Floor(result.LowerBound + 1e-9 - (1e-7 * Math.Abs(result.LowerBound)));
        return new Bound(Money.FromCents((long)cents), result.Filled, result.Rounds, result.IsLpOptimum);
    }

    /// <summary>
    /// Reduced-cost fixing after <see cref="AtFill"/>: per request order index, the sources that a plan filling as many
    /// orders and costing at most <paramref name="incumbentCents"/> could use. A source is left out only when the bound
    /// plus its reduced cost (the least extra cost of using it, over all feasible sources, priced or not) exceeds the
    /// incumbent, so an integer model over the rest has the same optimum and a valid bound whenever the incumbent is in it.
    /// Single-unit models use the Lagrangian form (valid for the last duals whether or not pricing converged): a plan
    /// using (o, s) costs at least L + rc'(o, s) - min(0, least rc' of o). Others use the LP optimum's reduced costs.
    /// </summary>
    public Dictionary<int, HashSet<int>> ColumnsWithin(long incumbentCents)
    {
        var slack = incumbentCents - lastLowerBound + 1 + (1e-6 * Math.Abs(lastLowerBound));
        var result = new Dictionary<int, HashSet<int>>();
        for (var position = 0; position < orders.Count; position++)
        {
            var model = models[position];
            var kept = result[orders[position].Index] = [];
            if (allSingleUnit)
            {
                var orderDual = model.DemandRows[0].DualValue();
                var least = Math.Min(0, model.Blocks.Select(block => ReducedCost(position, block) + orderDual).DefaultIfEmpty(0).Min());
                kept.UnionWith(model.Blocks.Where(block => ReducedCost(position, block) + orderDual - least <= slack).Select(block => block.Source));
                continue;
            }

            kept.UnionWith(model.Blocks
                .Where(block => Math.Max(0, block.Used is null ? ReducedCost(position, block) : block.Used.ReducedCost()) <= slack)
                .Select(block => block.Source));
        }

        return result;
    }

    public void Dispose() => solver.Dispose();

    // Re-solves and adds every column with a negative reduced cost until none is left: then the restricted LP's optimum is
    // the optimum of the LP over all feasible sources (LP duality). Single-unit models stop after a few rounds with the
    // Lagrangian bound instead. Null when infeasible.
    private (int Rounds, double LowerBound, double Filled, bool IsLpOptimum)? SolveWithPricing()
    {
        for (var round = 1; round <= PricingRoundsMax; round++)
        {
            SetObjective();
            var status = solver.Solve();
            if (status == Solver.ResultStatus.INFEASIBLE)
            {
                return null;
            }

            if (status != Solver.ResultStatus.OPTIMAL)
            {
                throw new InvalidOperationException($"relaxation not solved: {status}");
            }

            var filled = FilledOrders();
            var priced = PricedColumns();
            if (priced.Count == 0)
            {
                lastLowerBound = solver.Objective().Value();
                return (round, lastLowerBound, filled, true);
            }

            if (allSingleUnit && !maximisingFill && round == SingleUnitPricingRoundsMax)
            {
                lastLowerBound = LagrangianBound();
                return (round, lastLowerBound, filled, false);
            }

            foreach (var (position, block) in priced)
            {
                AddBlock(position, block);
            }
        }

        throw new InvalidOperationException($"column generation did not converge in {PricingRoundsMax} rounds");
    }

    // Single-unit model, current duals y of every row but the order rows: L(y) = sum of row bounds x duals + for each order
    // min(0, least reduced cost over all its sources, added or not) + for each pass variable min(0, reduced cost) x its bound.
    // Weak duality makes L(y) a lower bound on the LP over all feasible sources for any such y (docs/allocation.md).
    private double LagrangianBound()
    {
        var bound = RowTerm(fillRow) + stockRows.Values.Sum(RowTerm) + capacityRows.Values.Sum(RowTerm);
        bound += passes.Sum(pass => Math.Min(0, pass.Variable.ReducedCost()) * pass.UpperBound);
        for (var position = 0; position < orders.Count; position++)
        {
            var orderDual = models[position].DemandRows[0].DualValue();
            var least = 0.0;
            foreach (var block in models[position].Blocks)
            {
                least = Math.Min(least, ReducedCost(position, block) + orderDual);
            }

            bound += least;
        }

        return bound;
    }

    private static double RowTerm(Constraint row)
    {
        var dual = row.DualValue();
        return dual > 0 && !double.IsInfinity(row.Lb()) ? dual * row.Lb()
            : dual < 0 && !double.IsInfinity(row.Ub()) ? dual * row.Ub()
            : 0;
    }

    // All reduced costs are read before the first column is added: any change to the model invalidates the duals.
    private List<(int Position, Block Block)> PricedColumns()
    {
        var chosen = new List<(int Position, Block Block)>();
        var priced = new List<(double ReducedCost, Block Block)>();
        for (var position = 0; position < orders.Count; position++)
        {
            priced.Clear();
            foreach (var block in models[position].Blocks)
            {
                if (block.Used is null)
                {
                    var reducedCost = ReducedCost(position, block);
                    if (reducedCost < -ReducedCostTolerance)
                    {
                        priced.Add((reducedCost, block));
                    }
                }
            }

            chosen.AddRange(priced.OrderBy(item => item.ReducedCost).ThenBy(item => item.Block.Source).Take(AddedSourcesPerOrderPerRoundMax).Select(item => (position, item.Block)));
        }

        return chosen;
    }

    // Single-unit: one column. Multi-unit: the block (used flag y, units u_r, links u_r <= cap_r y); its best reduced cost is
    // at y = 1 with the link duals chosen as large as dual feasibility of the u_r allows (see docs/allocation.md).
    private double ReducedCost(int position, Block block)
    {
        var model = models[position];
        var order = orders[position];
        var capacityDual = CapacityRow(block.Source, block.Latest).DualValue();
        if (model.IsSingleUnit)
        {
            var stockDual = StockRow(order.Skus[0], block.Source).DualValue();
            return UsedCost(block) + UnitCost(block) - model.DemandRows[0].DualValue() - fillRow.DualValue() - stockDual - capacityDual;
        }

        var reducedCost = UsedCost(block) - model.SplitRow!.DualValue() - (model.CoverRow?.DualValue() ?? 0) - capacityDual;
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            var cap = block.UnitsMax[requirement];
            if (cap > 0)
            {
                var unitReducedCost = UnitCost(block) - model.DemandRows[requirement].DualValue() - StockRow(order.Skus[requirement], block.Source).DualValue();
                reducedCost += cap * Math.Min(0, unitReducedCost);
            }
        }

        return reducedCost;
    }

    private double UsedCost(Block block) => maximisingFill ? 0 : block.FixedCents + (block.IsSingleUnit ? 0 : context.SplitPenaltyCents);

    private double UnitCost(Block block) => maximisingFill ? (block.IsSingleUnit ? -1 : 0) : block.UnitCents;

    private void SetObjective()
    {
        var objective = solver.Objective();
        objective.SetMinimization();
        for (var position = 0; position < orders.Count; position++)
        {
            var model = models[position];
            if (model.Filled is { } filled)
            {
                objective.SetCoefficient(filled, maximisingFill ? -1 : -context.SplitPenaltyCents);
            }

            foreach (var block in model.Blocks)
            {
                if (block.Used is null)
                {
                    continue;
                }

                if (block.IsSingleUnit)
                {
                    objective.SetCoefficient(block.Used, UsedCost(block) + UnitCost(block));
                    continue;
                }

                objective.SetCoefficient(block.Used, UsedCost(block));
                foreach (var units in block.Units!)
                {
                    if (units is not null)
                    {
                        objective.SetCoefficient(units, UnitCost(block));
                    }
                }
            }
        }
    }

    private double FilledOrders()
    {
        var filled = 0.0;
        foreach (var model in models)
        {
            filled += model.Filled?.SolutionValue() ?? model.Blocks.Sum(block => block.Used?.SolutionValue() ?? 0);
        }

        return filled;
    }

    private OrderModel NewOrderModel(PreparedOrder order)
    {
        var blocks = new List<Block>();
        var single = order.TotalUnits == 1;
        foreach (var source in context.Network.Row(order.Pickup).SourcesByCost)
        {
            var unitsMax = order.Skus.Select((sku, requirement) => Math.Min(order.Quantities[requirement], context.Stock(sku, source))).ToArray();
            var latest = unitsMax.Any(units => units > 0) ? context.LatestBucket(order, source, order.DeadlineMinute) : -1;
            if (latest >= 0)
            {
                for (var requirement = 0; requirement < order.Skus.Length; requirement++)
                {
                    if (unitsMax[requirement] > 0)
                    {
                        StockRow(order.Skus[requirement], source);
                    }
                }

                blocks.Add(new Block(source, latest, context.FixedCents(source, order.Pickup), context.UnitCents(source, order.Pickup), unitsMax, single));
            }
        }

        if (single)
        {
            // Order row "at most one source"; every column also counts once in the fill row.
            return new OrderModel(blocks, [solver.MakeConstraint(double.NegativeInfinity, 1, string.Empty)], null, null);
        }

        var filled = solver.MakeNumVar(0, 1, string.Empty);
        fillRow.SetCoefficient(filled, 1);
        var demandRows = order.Quantities.Select(quantity => Row(0, 0, (filled, -quantity))).ToArray();
        var splitRow = Row(double.NegativeInfinity, 0, (filled, -(context.Limits.SplitsPerOrderMax + 1)));
        var sourcesNeeded = coverCuts ? SourcesNeeded(order, blocks) : 1;
        var coverRow = sourcesNeeded > 1 ? Row(0, double.PositiveInfinity, (filled, -sourcesNeeded)) : null;
        return new OrderModel(blocks, demandRows, splitRow, filled) { CoverRow = coverRow };
    }

    // Fewest feasible sources that together hold every line (1, 2, or 3 meaning "no pair does"). Blocks are grouped by
    // their vector of units per line (few distinct ones), so pairs are checked over distinct vectors only.
    private static int SourcesNeeded(PreparedOrder order, List<Block> blocks)
    {
        var vectors = blocks.GroupBy(block => string.Join(',', block.UnitsMax)).Select(group => (Units: group.First().UnitsMax, Count: group.Count())).ToList();
        bool Covers(params int[][] units) => order.Quantities.Select((quantity, requirement) => units.Sum(vector => vector[requirement]) >= quantity).All(covered => covered);
        if (vectors.Exists(vector => Covers(vector.Units)))
        {
            return 1;
        }

        for (var first = 0; first < vectors.Count; first++)
        {
            for (var second = first; second < vectors.Count; second++)
            {
                if ((first != second || vectors[first].Count > 1) && Covers(vectors[first].Units, vectors[second].Units))
                {
                    return 2;
                }
            }
        }

        return 3;
    }

    private void AddBlock(int position, Block block)
    {
        var model = models[position];
        var order = orders[position];
        block.Used = solver.MakeNumVar(0, 1, string.Empty);
        CapacityRow(block.Source, block.Latest).SetCoefficient(block.Used, 1);
        if (model.IsSingleUnit)
        {
            model.DemandRows[0].SetCoefficient(block.Used, 1);
            fillRow.SetCoefficient(block.Used, 1);
            StockRow(order.Skus[0], block.Source).SetCoefficient(block.Used, 1);
            return;
        }

        model.SplitRow!.SetCoefficient(block.Used, 1);
        model.CoverRow?.SetCoefficient(block.Used, 1);
        block.Units = new Variable?[order.Skus.Length];
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            var cap = block.UnitsMax[requirement];
            if (cap <= 0)
            {
                continue;
            }

            var units = block.Units[requirement] = solver.MakeNumVar(0, cap, string.Empty);
            model.DemandRows[requirement].SetCoefficient(units, 1);
            StockRow(order.Skus[requirement], block.Source).SetCoefficient(units, 1);
            Row(double.NegativeInfinity, 0, (units, 1), (block.Used, -cap));
        }
    }

    private Constraint StockRow(int sku, int location)
    {
        if (!stockRows.TryGetValue((sku, location), out var row))
        {
            row = stockRows[(sku, location)] = solver.MakeConstraint(double.NegativeInfinity, context.Stock(sku, location), string.Empty);
        }

        return row;
    }

    private Constraint CapacityRow(int location, int latestBucket) => capacityRows[(location, latestBucket)];

    // Node k of source s takes the picks of orders whose latest usable bucket is t_k, may pass picks on to node k-1 (an
    // earlier bucket is always allowed) and keeps at most the capacity of buckets (t_(k-1), t_k]. Summing rows 1..k gives
    // the prefix constraint; conversely, prefix constraints let the passed amounts be chosen backwards (docs).
    private void AddCapacityChain(int location, int[] latestBuckets, int ordersMax)
    {
        var previous = -1;
        var rows = new Constraint[latestBuckets.Length];
        for (var node = 0; node < latestBuckets.Length; node++)
        {
            long picks = 0;
            for (var bucket = previous + 1; bucket <= latestBuckets[node]; bucket++)
            {
                picks += context.PickDone(location, bucket) >= 0 ? Math.Max(0, context.Capacity(location, bucket)) : 0;
            }

            rows[node] = capacityRows[(location, latestBuckets[node])] = solver.MakeConstraint(double.NegativeInfinity, picks, string.Empty);
            if (node > 0)
            {
                // No more picks can pass than orders could be served here; the finite bound keeps the Lagrangian bound finite.
                var passed = solver.MakeNumVar(0, ordersMax, string.Empty);
                passes.Add((passed, ordersMax));
                rows[node].SetCoefficient(passed, -1);
                rows[node - 1].SetCoefficient(passed, 1);
            }

            previous = latestBuckets[node];
        }
    }

    private Constraint Row(double lower, double upper, params (Variable Variable, double Coefficient)[] terms)
    {
        var row = solver.MakeConstraint(lower, upper, string.Empty);
        foreach (var (variable, coefficient) in terms)
        {
            row.SetCoefficient(variable, coefficient);
        }

        return row;
    }

    private sealed record OrderModel(List<Block> Blocks, Constraint[] DemandRows, Constraint? SplitRow, Variable? Filled)
    {
        /// <summary>"Sources used >= k x filled" for a basket no single source can fill; null when k = 1.</summary>
        public Constraint? CoverRow { get; init; }

        public bool IsSingleUnit => SplitRow is null;
    }

    /// <summary>One (order, source) pair: its columns once added to the LP.</summary>
    private sealed class Block(int source, int latest, long fixedCents, long unitCents, int[] unitsMax, bool isSingleUnit)
    {
        public int Source { get; } = source;

        public int Latest { get; } = latest;

        public long FixedCents { get; } = fixedCents;

        public long UnitCents { get; } = unitCents;

        public int[] UnitsMax { get; } = unitsMax;

        public bool IsSingleUnit { get; } = isSingleUnit;

        public Variable? Used { get; set; }

        public Variable?[]? Units { get; set; }
    }
}
