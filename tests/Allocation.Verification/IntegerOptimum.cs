using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;
using Google.OrTools.LinearSolver;
using System.Diagnostics;
using System.Globalization;

namespace Allocation.Verification;

/// <summary>
/// The integer reference for the benchmark (never used by the service): a MIP of the same joint model as the planner,
/// solved by SCIP or CP-SAT through OR-Tools' linear solver wrapper, with a long time limit and its own proven bound.
/// Integral: orders filled (all or nothing), sources used per order (single-unit: one binary per source), units per
/// (order line, source). Exact: stock per (sku, location), the split limit, the readiness window (a source is usable
/// only up to its latest bucket that makes the deadline) and hourly pick capacity as earliest-deadline-first prefix
/// constraints per source, which for integral picks that may all start now are necessary and sufficient (Hall's
/// condition for nested intervals; the planner's brute-force tests check capacity the same way). Orders released after
/// "now" are refused (the prefix form would only be a relaxation for them).
/// Sources: every feasible source of every order unless <see cref="Options.Columns"/> narrows them; the benchmark
/// narrows them only by reduced-cost fixing from the LP (<see cref="RelaxedOptimum.ColumnsWithin"/>), which keeps every
/// source that a plan cheaper than the incumbent could use, so the result and bound hold for all feasible sources.
/// </summary>
internal static class IntegerOptimum
{
    /// <summary>What the MIP optimises.</summary>
    public enum Goal
    {
        /// <summary>Most filled orders (then nothing else).</summary>
        MaxFill,

        /// <summary>Least cost of a plan filling at least <see cref="Options.FillAtLeast"/> orders.</summary>
        CostAtFill,
    }

    /// <param name="Goal">Objective.</param>
    /// <param name="TimeLimitSeconds">Wall-clock limit of the MIP solve.</param>
    /// <param name="Backend">"SCIP" or "CP_SAT" (OR-Tools linear solver backends).</param>
    /// <param name="FillAtLeast">Filled orders required (CostAtFill).</param>
    /// <param name="Hint">A plan of the same request to start from (its sources are always in the model).</param>
    /// <param name="Columns">Sources allowed per request order index; null = every feasible source.</param>
    /// <param name="Threads">Solver threads (CP-SAT workers).</param>
    public sealed record Options(Goal Goal, double TimeLimitSeconds, string Backend = "SCIP", int FillAtLeast = 0, AllocationPlan? Hint = null, IReadOnlyDictionary<int, HashSet<int>>? Columns = null, int Threads = 1);

    /// <param name="Plan">The best integer plan found (decoded with real pick hours; check it with PlanChecker).</param>
    /// <param name="Objective">Best objective: filled orders (MaxFill) or cost (CostAtFill).</param>
    /// <param name="BestBound">Proven bound: most orders any plan can fill (MaxFill) or least cost (CostAtFill).</param>
    /// <param name="Status">Solver status (OPTIMAL, FEASIBLE, ...).</param>
    /// <param name="Columns">(order, source) pairs in the model.</param>
    /// <param name="Seconds">Model build and solve time.</param>
    public sealed record Result(AllocationPlan Plan, double Objective, double BestBound, string Status, int Columns, double Seconds)
    {
        /// <summary>Relative gap between the best solution and the proven bound (0 = proven optimal).</summary>
        public double Gap => Objective == 0 ? 0 : Math.Abs(Objective - BestBound) / Math.Abs(Objective);
    }

    public static Result Solve(PlanningRequest request, Options options)
    {
        var clock = Stopwatch.StartNew();
        var limits = request.Limits ?? PlanningLimits.Default;
        var network = CompiledNetwork.TryGet(request.Network, out var errors) ?? throw new ArgumentException(string.Join("; ", errors), nameof(request));
        var context = new PlanContext(network, request, limits, request.Costs ?? PlanningCosts.Default);
        var prepared = OrderPreparation.Prepare(context, request);
        foreach (var order in prepared.Where(order => order.IsPinned && order.InvalidReason is null))
        {
            PlanAssembler.ApplyPinned(context, order);
        }

        var movable = prepared.Where(order => order.IsMovable).ToList();
        if (movable.Exists(order => order.ReleaseBucket > 0))
        {
            throw new ArgumentException("the integer reference models capacity as prefix constraints: every order must be paid by 'now'", nameof(request));
        }

        using var solver = Solver.CreateSolver(options.Backend) ?? throw new InvalidOperationException($"{options.Backend} unavailable");
        var model = new MipModel(solver, context, movable, options);
        model.Build();
        solver.SetTimeLimit((long)(options.TimeLimitSeconds * 1000));
        if (options.Backend == "CP_SAT")
        {
            solver.SetSolverSpecificParametersAsString(string.Create(CultureInfo.InvariantCulture, $"num_workers:{options.Threads},random_seed:0"));
        }

        var parameters = new MPSolverParameters();
        parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
        var status = solver.Solve(parameters);
        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
        {
            throw new InvalidOperationException($"integer reference: {status} after {clock.Elapsed.TotalSeconds:0.0} s");
        }

        var decisions = model.Decode();
        var plans = prepared.Select(order => order switch
        {
            { InvalidReason: { } reason } => PlanAssembler.NotAllocated(order, OrderStatus.Invalid, null, reason),
            { IsPinned: true } => PlanAssembler.Pinned(context, order),
            _ when decisions.TryGetValue(order.Index, out var decision) => PlanAssembler.Allocated(context, order, decision),
            _ => PlanAssembler.NotAllocated(order, OrderStatus.CannotBeReadyInTime, null, "not filled by the integer reference"),
        }).ToList();
        var objective = solver.Objective().Value();
        var bound = solver.Objective().BestBound();
        var sign = options.Goal == Goal.MaxFill ? -1 : 1;
        var centsScale = options.Goal == Goal.MaxFill ? 1 : 0.01;
        var plan = new AllocationPlan(plans, [], $"integer reference ({options.Backend})", clock.Elapsed.TotalMilliseconds);
        return new Result(plan, sign * objective * centsScale, sign * bound * centsScale, status.ToString(), model.ColumnCount, clock.Elapsed.TotalSeconds);
    }

    // The model's variables per order and the shared rows; kept together so Decode reads what Build made.
    private sealed class MipModel(Solver solver, PlanContext context, List<PreparedOrder> orders, Options options)
    {
        private readonly List<OrderColumns> columns = [];
        private readonly Dictionary<(int Sku, int Location), Constraint> stockRows = [];
        private readonly List<(Variable Pick, int Location, int Latest)> picks = [];

        public int ColumnCount { get; private set; }

        public void Build()
        {
            var hint = HintSources();
            var fill = new List<Variable>();
            var objective = solver.Objective();
            foreach (var order in orders)
            {
                var allowed = options.Columns?.GetValueOrDefault(order.Index);
                hint.TryGetValue(order.Index, out var hinted);
                var sources = FeasibleSources(order).Where(source => allowed is null && options.Columns is null || (allowed?.Contains(source.Source) ?? false) || (hinted?.ContainsKey(source.Source) ?? false)).ToList();
                ColumnCount += sources.Count;
                var columnsOfOrder = order.TotalUnits == 1 ? SingleUnit(order, sources, fill) : MultiUnit(order, sources, fill);
                columns.Add(columnsOfOrder);
            }

            AddCapacityChains();
            var filled = solver.MakeConstraint(options.Goal == Goal.CostAtFill ? options.FillAtLeast : 0, double.PositiveInfinity, "fill");
            foreach (var variable in fill)
            {
                filled.SetCoefficient(variable, 1);
                if (options.Goal == Goal.MaxFill)
                {
                    objective.SetCoefficient(variable, -1);
                }
            }

            objective.SetMinimization();
            SetHint(hint);
        }

        public Dictionary<int, Decision> Decode()
        {
            var chosen = new Dictionary<int, List<(int Location, int Latest, int[] Units)>>();
            foreach (var order in columns)
            {
                var sources = order.Sources
                    .Select(source => (source.Location, source.Latest, Units: source.Units.Select(units => units is null ? 0 : (int)Math.Round(units.SolutionValue())).ToArray()))
                    .Where(source => source.Units.Sum() > 0)
                    .ToList();
                if (sources.Count > 0)
                {
                    chosen[order.Order.Index] = sources;
                }
            }

            // Earliest deadline first into the earliest free hour per source: succeeds because the prefix rows hold.
            var buckets = new Dictionary<(int Order, int Location), int>();
            foreach (var group in chosen.SelectMany(pair => pair.Value.Select(source => (Order: pair.Key, source.Location, source.Latest))).GroupBy(pick => pick.Location))
            {
                var free = Enumerable.Range(0, context.BucketCount).Select(bucket => context.PickDone(group.Key, bucket) >= 0 ? Math.Max(0, context.Capacity(group.Key, bucket)) : 0).ToArray();
                foreach (var pick in group.OrderBy(pick => pick.Latest).ThenBy(pick => pick.Order))
                {
                    var bucket = Array.FindIndex(free, 0, pick.Latest + 1, picksLeft => picksLeft > 0);
                    if (bucket < 0)
                    {
                        throw new InvalidOperationException($"integer reference: no free hour at location {group.Key} for order {pick.Order} (prefix rows violated)");
                    }

                    free[bucket]--;
                    buckets[(pick.Order, pick.Location)] = bucket;
                }
            }

            var byIndex = orders.ToDictionary(order => order.Index);
            return chosen.ToDictionary(pair => pair.Key, pair =>
            {
                var order = byIndex[pair.Key];
                var sources = pair.Value.Select(source =>
                {
                    var bucket = buckets[(pair.Key, source.Location)];
                    return new SourceChoice(source.Location, bucket, context.Ready(source.Location, order.Pickup, bucket), source.Units);
                }).ToArray();
                return new Decision(sources, context.CostCents(order, sources));
            });
        }

        // Every source that holds one of the order's SKUs and has a bucket whose goods are ready by the deadline.
        private IEnumerable<(int Source, int Latest, int[] UnitsMax)> FeasibleSources(PreparedOrder order)
        {
            foreach (var source in context.Network.Row(order.Pickup).SourcesByCost)
            {
                var unitsMax = order.Skus.Select((sku, requirement) => Math.Min(order.Quantities[requirement], context.Stock(sku, source))).ToArray();
                var latest = unitsMax.Any(units => units > 0) ? context.LatestBucket(order, source, order.DeadlineMinute) : -1;
                if (latest >= 0)
                {
                    yield return (source, latest, unitsMax);
                }
            }
        }

        private OrderColumns SingleUnit(PreparedOrder order, List<(int Source, int Latest, int[] UnitsMax)> sources, List<Variable> fill)
        {
            var one = solver.MakeConstraint(double.NegativeInfinity, 1, string.Empty);
            var result = new OrderColumns(order, null, []);
            foreach (var (source, latest, _) in sources)
            {
                var used = solver.MakeBoolVar(string.Empty);
                one.SetCoefficient(used, 1);
                fill.Add(used);
                StockRow(order.Skus[0], source).SetCoefficient(used, 1);
                picks.Add((used, source, latest));
                Cost(used, context.FixedCents(source, order.Pickup) + context.UnitCents(source, order.Pickup));
                result.Sources.Add(new SourceColumns(source, latest, used, [used]));
            }

            return result;
        }

        private OrderColumns MultiUnit(PreparedOrder order, List<(int Source, int Latest, int[] UnitsMax)> sources, List<Variable> fill)
        {
            var filled = solver.MakeBoolVar(string.Empty);
            fill.Add(filled);
            Cost(filled, -context.SplitPenaltyCents);
            var demand = order.Quantities.Select(quantity => Row(0, 0, (filled, -quantity))).ToArray();
            var split = Row(double.NegativeInfinity, 0, (filled, -(context.Limits.SplitsPerOrderMax + 1)));
            var result = new OrderColumns(order, filled, []);
            foreach (var (source, latest, unitsMax) in sources)
            {
                var used = solver.MakeBoolVar(string.Empty);
                split.SetCoefficient(used, 1);
                picks.Add((used, source, latest));
                Cost(used, context.FixedCents(source, order.Pickup) + context.SplitPenaltyCents);
                var units = new Variable?[order.Skus.Length];
                for (var requirement = 0; requirement < order.Skus.Length; requirement++)
                {
                    if (unitsMax[requirement] <= 0)
                    {
                        continue;
                    }

                    var variable = units[requirement] = solver.MakeIntVar(0, unitsMax[requirement], string.Empty);
                    demand[requirement].SetCoefficient(variable, 1);
                    StockRow(order.Skus[requirement], source).SetCoefficient(variable, 1);
                    Cost(variable, context.UnitCents(source, order.Pickup));
                    Row(double.NegativeInfinity, 0, (variable, 1), (used, -unitsMax[requirement]));
                }

                result.Sources.Add(new SourceColumns(source, latest, used, units));
            }

            return result;
        }

        // Per source, node k (bucket t_k) takes the picks whose latest bucket is t_k, may pass picks to node k-1 and keeps
        // at most the capacity of buckets (t_(k-1), t_k]: the prefix constraints, one coefficient per pick (as RelaxedOptimum).
        private void AddCapacityChains()
        {
            foreach (var group in picks.GroupBy(pick => pick.Location))
            {
                var latestBuckets = group.Select(pick => pick.Latest).Distinct().Order().ToArray();
                var rows = new Dictionary<int, Constraint>();
                var previous = -1;
                Constraint? previousRow = null;
                foreach (var latest in latestBuckets)
                {
                    long capacity = 0;
                    for (var bucket = previous + 1; bucket <= latest; bucket++)
                    {
                        capacity += context.PickDone(group.Key, bucket) >= 0 ? Math.Max(0, context.Capacity(group.Key, bucket)) : 0;
                    }

                    var row = rows[latest] = solver.MakeConstraint(double.NegativeInfinity, capacity, string.Empty);
                    if (previousRow is not null)
                    {
                        var passed = solver.MakeNumVar(0, double.PositiveInfinity, string.Empty);
                        row.SetCoefficient(passed, -1);
                        previousRow.SetCoefficient(passed, 1);
                    }

                    previousRow = row;
                    previous = latest;
                }

                foreach (var (pick, _, latest) in group)
                {
                    rows[latest].SetCoefficient(pick, 1);
                }
            }
        }

        // Units per (order index, location) of the hint plan's allocated orders.
        private Dictionary<int, Dictionary<int, Dictionary<string, int>>> HintSources()
        {
            var result = new Dictionary<int, Dictionary<int, Dictionary<string, int>>>();
            if (options.Hint is not { } plan)
            {
                return result;
            }

            for (var index = 0; index < plan.Orders.Count; index++)
            {
                if (plan.Orders[index].Status != OrderStatus.Allocated)
                {
                    continue;
                }

                var bySource = result[index] = [];
                foreach (var line in plan.Orders[index].Lines)
                {
                    foreach (var pick in line.Sources)
                    {
                        var units = bySource.TryGetValue(context.Network.IndexById[pick.LocationId], out var existing) ? existing : bySource[context.Network.IndexById[pick.LocationId]] = new(StringComparer.Ordinal);
                        units[line.Sku] = units.GetValueOrDefault(line.Sku) + pick.Quantity;
                    }
                }
            }

            return result;
        }

        private void SetHint(Dictionary<int, Dictionary<int, Dictionary<string, int>>> hint)
        {
            if (hint.Count == 0)
            {
                return;
            }

            var variables = new List<Variable>();
            var values = new List<double>();
            var skuNames = context.SkuIndex.ToDictionary(pair => pair.Value, pair => pair.Key);
            foreach (var order in columns)
            {
                var bySource = hint.GetValueOrDefault(order.Order.Index);
                if (order.Filled is { } filled)
                {
                    variables.Add(filled);
                    values.Add(bySource is null ? 0 : 1);
                }

                foreach (var source in order.Sources)
                {
                    var units = bySource?.GetValueOrDefault(source.Location);
                    variables.Add(source.Used);
                    values.Add(units is null ? 0 : 1);
                    if (order.Filled is null)
                    {
                        continue;
                    }

                    for (var requirement = 0; requirement < source.Units.Length; requirement++)
                    {
                        if (source.Units[requirement] is { } variable)
                        {
                            variables.Add(variable);
                            values.Add(units?.GetValueOrDefault(skuNames[order.Order.Skus[requirement]]) ?? 0);
                        }
                    }
                }
            }

            solver.SetHint([.. variables], [.. values]);
        }

        // Cost coefficients count only when cost is the goal (max fill ignores cost).
        private void Cost(Variable variable, long cents)
        {
            if (options.Goal == Goal.CostAtFill)
            {
                solver.Objective().SetCoefficient(variable, cents);
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

        private Constraint Row(double lower, double upper, params (Variable Variable, double Coefficient)[] terms)
        {
            var row = solver.MakeConstraint(lower, upper, string.Empty);
            foreach (var (variable, coefficient) in terms)
            {
                row.SetCoefficient(variable, coefficient);
            }

            return row;
        }
    }

    private sealed record OrderColumns(PreparedOrder Order, Variable? Filled, List<SourceColumns> Sources);

    /// <summary>One (order, source) pair: used flag and units per requirement (single-unit: the used flag is the unit).</summary>
    private sealed record SourceColumns(int Location, int Latest, Variable Used, Variable?[] Units);
}
