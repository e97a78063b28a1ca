using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace Allocation.Planning.Solver;

/// <summary>
/// Large-neighbourhood search with CP-SAT over baskets (issue 19): a basket (unfilled ones first, then the dearest per
/// unit) and up to <see cref="OrdersPerNeighbourhoodMax"/> - 1 allocated orders picked at its cheapest sources are
/// released together and re-decided jointly and exactly (sources, units, split limit, stock, pick capacity) against
/// everything else; the new decisions are kept only if they fill more orders, or as many for less. Deadline scheduling
/// only: capacity is then the earliest-deadline-first prefix condition, which the model states exactly.
/// </summary>
internal static class NeighbourhoodSearch
{
    /// <summary>Orders re-decided together: small enough for CP-SAT to prove most neighbourhoods in a few milliseconds.</summary>
    public const int OrdersPerNeighbourhoodMax = 16;

    /// <summary>
    /// CP-SAT time per neighbourhood: the best solution found by then is kept if it beats the incumbent. At 30 ms even a
    /// two-order model came back UNKNOWN on the loaded machine (load average 30 on 2 cores).
    /// </summary>
    public const int SolveMillisecondsMax = 100;

    /// <summary>Runs until <paramref name="deadlineMilliseconds"/>; returns the neighbourhoods that improved the plan.</summary>
    public static int Run(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions, Stopwatch clock, long deadlineMilliseconds)
    {
        if (!context.DeadlineScheduling)
        {
            return 0;
        }

        var bySource = new OrdersBySource(movable, decisions);
        var baskets = movable.Where(order => order.TotalUnits > 1).ToList();
        var seeds = baskets.Where(order => decisions[order.Index] is null)
            .Concat(baskets.Where(order => decisions[order.Index] is not null).OrderByDescending(order => decisions[order.Index]!.CostCents / order.TotalUnits))
            .ToList();
        var improved = 0;
        foreach (var seed in seeds)
        {
            if (clock.ElapsedMilliseconds >= deadlineMilliseconds)
            {
                break;
            }

            var neighbourhood = Neighbourhood(context, seed, decisions, bySource);
            improved += TryImprove(context, neighbourhood, decisions, bySource, clock, deadlineMilliseconds) ? 1 : 0;
        }

        return improved;
    }

    // The seed, then the allocated orders at its cheapest sources that share one of its SKUs, then others there.
    private static List<PreparedOrder> Neighbourhood(PlanContext context, PreparedOrder seed, Decision?[] decisions, OrdersBySource bySource)
    {
        var sources = OrderSearch.Candidates(context, seed, seed.DeadlineMinute, context.Limits.CandidateSourcesPerOrderMax).Select(candidate => candidate.Location)
            .Concat(decisions[seed.Index]?.Sources.Select(source => source.Location) ?? [])
            .Distinct();
        var skus = seed.Skus.ToHashSet();
        var others = new List<PreparedOrder>();
        foreach (var source in sources)
        {
            if (bySource.TryGet(source, out var orders))
            {
                others.AddRange(orders.Where(order => order != seed));
            }
        }

        return others.Distinct().OrderBy(order => order.Skus.Any(skus.Contains) ? 0 : 1).ThenBy(order => order.TieBreak)
            .Take(OrdersPerNeighbourhoodMax - 1).Prepend(seed).ToList();
    }

    private static bool TryImprove(PlanContext context, List<PreparedOrder> orders, Decision?[] decisions, OrdersBySource bySource, Stopwatch clock, long deadlineMilliseconds)
    {
        var old = orders.Select(order => decisions[order.Index]).ToArray();
        for (var position = 0; position < orders.Count; position++)
        {
            if (old[position] is { } decision)
            {
                context.Release(orders[position], decision);
                bySource.Remove(orders[position], decision);
            }
        }

        var solved = Solve(context, orders, old, Math.Min(SolveMillisecondsMax, deadlineMilliseconds - clock.ElapsedMilliseconds));
        var keep = solved is not null && Score(solved) is var (filled, cost) && Score(old) is var (oldFilled, oldCost)
            && (filled > oldFilled || (filled == oldFilled && cost < oldCost));
        var chosen = keep ? solved! : old;
        for (var position = 0; position < orders.Count; position++)
        {
            decisions[orders[position].Index] = chosen[position];
            if (chosen[position] is { } decision)
            {
                context.Commit(orders[position], decision);
                bySource.Add(orders[position], decision);
            }
        }

        return keep;
    }

    private static (int Filled, long Cost) Score(Decision?[] decisions) =>
        (decisions.Count(decision => decision is not null), decisions.Sum(decision => decision?.CostCents ?? 0));

    // The joint model of the released orders against the residual state; null when CP-SAT finds nothing in time.
    private static Decision?[]? Solve(PlanContext context, List<PreparedOrder> orders, Decision?[] old, long milliseconds)
    {
        if (milliseconds <= 0)
        {
            return null;
        }

        var model = new CpModel();
        var variables = orders.Select((order, position) => Build(model, context, order, old[position])).ToList();
        AddShared(model, context, orders, variables);
        var unfilledPenalty = 1 + variables.Sum(order => order.CostBound);
        var objective = LinearExpr.NewBuilder();
        foreach (var order in variables)
        {
            objective.Add(unfilledPenalty).AddTerm(order.Filled, -unfilledPenalty - context.SplitPenaltyCents);
            foreach (var source in order.Sources)
            {
                objective.AddTerm(source.Used, source.FixedCents + context.SplitPenaltyCents);
                foreach (var units in source.Units.OfType<IntVar>())
                {
                    objective.AddTerm(units, source.UnitCents);
                }
            }
        }

        model.Minimize(objective);
        var solver = new CpSolver { StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{milliseconds / 1000.0},num_workers:1,random_seed:0") };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return null;
        }

        return orders.Select((order, position) => Decode(solver, context, order, variables[position])).ToArray();
    }

    private static OrderVariables Build(CpModel model, PlanContext context, PreparedOrder order, Decision? old)
    {
        var filled = model.NewBoolVar(string.Empty);
        model.AddHint(filled, old is null ? 0 : 1);
        var locations = OrderSearch.Candidates(context, order, order.DeadlineMinute, context.Limits.CandidateSourcesPerOrderMax).Select(candidate => candidate.Location)
            .Concat(old?.Sources.Select(source => source.Location) ?? []).Distinct();
        var sources = new List<SourceVariables>();
        foreach (var location in locations)
        {
            var latest = context.LatestBucket(order, location, order.DeadlineMinute);
            if (latest < 0)
            {
                continue;
            }

            var previous = old?.Sources.FirstOrDefault(source => source.Location == location);
            var used = model.NewBoolVar(string.Empty);
            model.AddHint(used, previous is null ? 0 : 1);
            var units = new IntVar?[order.Skus.Length];
            for (var requirement = 0; requirement < order.Skus.Length; requirement++)
            {
                var bound = Math.Min(order.Quantities[requirement], context.Stock(order.Skus[requirement], location));
                if (bound > 0)
                {
                    var variable = units[requirement] = model.NewIntVar(0, bound, string.Empty);
                    model.AddHint(variable, previous?.Units[requirement] ?? 0);
                    model.Add(variable <= order.Quantities[requirement] * used);
                }
            }

            model.Add(LinearExpr.Sum(units.OfType<IntVar>()) >= used);
            sources.Add(new SourceVariables(location, latest, context.UnitCents(location, order.Pickup), context.FixedCents(location, order.Pickup), used, units));
        }

        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            var index = requirement;
            model.Add(LinearExpr.Sum(sources.Select(source => source.Units[index]).OfType<IntVar>()) == order.Quantities[requirement] * filled);
        }

        model.Add(LinearExpr.Sum(sources.Select(source => source.Used)) <= (context.Limits.SplitsPerOrderMax + 1) * filled);
        var costBound = (context.SplitPenaltyCents * context.Limits.SplitsPerOrderMax)
            + sources.Select(source => source.FixedCents).OrderDescending().Take(context.Limits.SplitsPerOrderMax + 1).Sum()
            + (order.TotalUnits * sources.Select(source => source.UnitCents).DefaultIfEmpty(0).Max());
        return new OrderVariables(filled, sources, costBound);
    }

    // Stock per (sku, location); per location, the picks whose latest bucket is at or before t fit in the free picks
    // summed from bucket 0 to t, for every t (earliest deadline first, exact when every order may start now).
    private static void AddShared(CpModel model, PlanContext context, List<PreparedOrder> orders, List<OrderVariables> variables)
    {
        var stockUse = new Dictionary<(int Sku, int Location), List<IntVar>>();
        var picks = new Dictionary<int, List<(int Latest, BoolVar Used)>>();
        for (var position = 0; position < orders.Count; position++)
        {
            foreach (var source in variables[position].Sources)
            {
                for (var requirement = 0; requirement < orders[position].Skus.Length; requirement++)
                {
                    if (source.Units[requirement] is { } units)
                    {
                        var key = (orders[position].Skus[requirement], source.Location);
                        (stockUse.TryGetValue(key, out var list) ? list : stockUse[key] = []).Add(units);
                    }
                }

                (picks.TryGetValue(source.Location, out var atLocation) ? atLocation : picks[source.Location] = []).Add((source.Latest, source.Used));
            }
        }

        foreach (var ((sku, location), units) in stockUse)
        {
            model.Add(LinearExpr.Sum(units) <= context.Stock(sku, location));
        }

        foreach (var (location, atLocation) in picks)
        {
            var latestBuckets = atLocation.Select(pick => pick.Latest).Distinct().Order().ToArray();
            var prefix = new long[context.BucketCount];
            for (var bucket = 0; bucket < context.BucketCount; bucket++)
            {
                prefix[bucket] = (bucket > 0 ? prefix[bucket - 1] : 0) + context.Capacity(location, bucket);
            }

            for (var node = 0; node < latestBuckets.Length; node++)
            {
                var end = node + 1 < latestBuckets.Length ? latestBuckets[node + 1] : context.BucketCount;
                var room = Enumerable.Range(latestBuckets[node], end - latestBuckets[node]).Min(bucket => prefix[bucket]);
                var latest = latestBuckets[node];
                model.Add(LinearExpr.Sum(atLocation.Where(pick => pick.Latest <= latest).Select(pick => pick.Used)) <= Math.Max(0, room));
            }
        }
    }

    private static Decision? Decode(CpSolver solver, PlanContext context, PreparedOrder order, OrderVariables variables)
    {
        if (!solver.BooleanValue(variables.Filled))
        {
            return null;
        }

        var sources = variables.Sources
            .Where(source => solver.BooleanValue(source.Used))
            .Select(source => new SourceChoice(source.Location, source.Latest, context.Ready(source.Location, order.Pickup, source.Latest), [.. source.Units.Select(units => units is null ? 0 : (int)solver.Value(units))]))
            .ToArray();
        return new Decision(sources, context.CostCents(order, sources));
    }

    private sealed record SourceVariables(int Location, int Latest, long UnitCents, long FixedCents, BoolVar Used, IntVar?[] Units);

    private sealed record OrderVariables(BoolVar Filled, List<SourceVariables> Sources, long CostBound);
}
