using Allocation.Planning.Model;
using Allocation.Planning.Network;
using System.Globalization;
using Google.OrTools.Sat;

namespace Allocation.Planning.Solver;

/// <summary>
/// Exact joint model for small batches with CP-SAT: units per (order line, source), a "source used" flag per (order,
/// source), one hourly pick bucket per used source, stock and per-hour capacity limits, the split limit and all-or-nothing
/// orders. Maximises allocated orders first, then minimises cost.
/// </summary>
internal static class ExactPlanner
{
    /// <summary>
    /// Solves on <paramref name="context"/> (residual state before any movable order is placed) and returns decisions
    /// by order index when they allocate at least as many orders at no higher cost than <paramref name="incumbent"/>.
    /// </summary>
    public static Decision?[]? TrySolve(PlanContext context, List<PreparedOrder> movable, Decision?[] incumbent, PlanClock clock)
    {
        // Until the search deadline, like the other searches: the rest is kept for assembling the plan.
        var remainingMilliseconds = (long)clock.RemainingUntilSearchDeadline.TotalMilliseconds;
        if (remainingMilliseconds <= 0)
        {
            return null;
        }

        var model = new CpModel();
        var variables = movable.Select(order => Build(model, context, order)).ToList();
        AddSharedLimits(model, context, movable, variables);
        long unfilledPenalty = 1 + variables.Sum(order => order.CostBound);
        var objective = LinearExpr.NewBuilder();
        for (var position = 0; position < movable.Count; position++)
        {
            var order = variables[position];
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
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{remainingMilliseconds / 1000.0},num_workers:1,random_seed:0"),
        };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return null;
        }

        var decisions = new Decision?[incumbent.Length];
        for (var position = 0; position < movable.Count; position++)
        {
            decisions[movable[position].Index] = Decode(solver, context, movable[position], variables[position]);
        }

        var (unfilled, cost) = Score(decisions, movable);
        var (incumbentUnfilled, incumbentCost) = Score(incumbent, movable);
        if (unfilled > incumbentUnfilled || (unfilled == incumbentUnfilled && cost > incumbentCost))
        {
            return null;
        }

        PullBucketsForward(context, movable, decisions);
        return decisions;
    }

    private static (long Unfilled, long Cost) Score(Decision?[] decisions, List<PreparedOrder> movable) =>
        (movable.Count(order => decisions[order.Index] is null), movable.Sum(order => decisions[order.Index]?.CostCents ?? 0));

    // Cost does not depend on the hour a pick uses, so CP-SAT may pick any feasible hour. Re-assign each location's picks
    // earliest-deadline-first into the earliest free hours so promised ready times are as early as possible; a location
    // where that fails (different release hours) keeps the solver's hours.
    private static void PullBucketsForward(PlanContext context, List<PreparedOrder> movable, Decision?[] decisions)
    {
        var picks = movable
            .Where(order => decisions[order.Index] is not null)
            .SelectMany(order => decisions[order.Index]!.Sources.Select((source, slot) => (Order: order, Slot: slot, source.Location)))
            .GroupBy(pick => pick.Location);
        foreach (var group in picks)
        {
            var free = Enumerable.Range(0, context.BucketCount).Select(bucket => context.Capacity(group.Key, bucket)).ToArray();
            var moved = new List<(PreparedOrder Order, int Slot, int Bucket)>();
            foreach (var (order, slot, location) in group.OrderBy(pick => context.LatestBucket(pick.Order, pick.Location, pick.Order.DeadlineMinute)).ThenBy(pick => pick.Order.TieBreak))
            {
                var latest = context.LatestBucket(order, location, order.DeadlineMinute);
                var bucket = Enumerable.Range(order.ReleaseBucket, Math.Max(0, latest - order.ReleaseBucket + 1))
                    .FirstOrDefault(candidate => context.PickDone(location, candidate) >= 0 && free[candidate] > 0, -1);
                if (bucket < 0)
                {
                    moved.Clear();
                    break;
                }

                free[bucket]--;
                moved.Add((order, slot, bucket));
            }

            foreach (var (order, slot, bucket) in moved)
            {
                var sources = decisions[order.Index]!.Sources.ToArray();
                sources[slot] = sources[slot] with { Bucket = bucket, ReadyMinute = context.Ready(sources[slot].Location, order.Pickup, bucket) };
                decisions[order.Index] = decisions[order.Index]! with { Sources = sources };
            }
        }
    }

    private static OrderVariables Build(CpModel model, PlanContext context, PreparedOrder order)
    {
        var filled = model.NewBoolVar($"filled_{order.Index}");
        var sources = new List<SourceVariables>();
        foreach (var candidate in OrderSearch.Candidates(context, order, order.DeadlineMinute, context.Limits.CandidateSourcesPerOrderMax))
        {
            var latest = context.LatestBucket(order, candidate.Location, order.DeadlineMinute);
            var buckets = Enumerable.Range(order.ReleaseBucket, Math.Max(0, latest - order.ReleaseBucket + 1))
                .Where(bucket => context.PickDone(candidate.Location, bucket) >= 0 && context.Capacity(candidate.Location, bucket) > 0)
                .ToDictionary(bucket => bucket, bucket => model.NewBoolVar($"pick_{order.Index}_{candidate.Location}_{bucket}"));
            var used = model.NewBoolVar($"used_{order.Index}_{candidate.Location}");
            model.Add(LinearExpr.Sum(buckets.Values) == used);
            var units = order.Skus.Select((sku, requirement) =>
            {
                var bound = Math.Min(order.Quantities[requirement], context.Stock(sku, candidate.Location));
                return bound <= 0 ? null : model.NewIntVar(0, bound, $"units_{order.Index}_{requirement}_{candidate.Location}");
            }).ToArray();
            foreach (var (variable, requirement) in units.Select((variable, requirement) => (variable, requirement)).Where(pair => pair.variable is not null))
            {
                model.Add(variable! <= order.Quantities[requirement] * used);
            }

            model.Add(LinearExpr.Sum(units.OfType<IntVar>()) >= used);
            sources.Add(new SourceVariables(candidate.Location, candidate.UnitCents, candidate.FixedCents, used, buckets, units));
        }

        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            var requirementIndex = requirement;
            model.Add(LinearExpr.Sum(sources.Select(source => source.Units[requirementIndex]).OfType<IntVar>()) == order.Quantities[requirement] * filled);
        }

        model.Add(LinearExpr.Sum(sources.Select(source => source.Used)) <= (context.Limits.SplitsPerOrderMax + 1) * filled);
        var costBound = context.SplitPenaltyCents * context.Limits.SplitsPerOrderMax
            + sources.Select(source => source.FixedCents).OrderDescending().Take(context.Limits.SplitsPerOrderMax + 1).Sum()
            + (order.TotalUnits * sources.Select(source => source.UnitCents).DefaultIfEmpty(0).Max());
        return new OrderVariables(filled, sources, costBound);
    }

    private static void AddSharedLimits(CpModel model, PlanContext context, List<PreparedOrder> movable, List<OrderVariables> variables)
    {
        var stockUse = new Dictionary<(int Sku, int Location), List<IntVar>>();
        var capacityUse = new Dictionary<(int Location, int Bucket), List<BoolVar>>();
        for (var position = 0; position < movable.Count; position++)
        {
            foreach (var source in variables[position].Sources)
            {
                for (var requirement = 0; requirement < movable[position].Skus.Length; requirement++)
                {
                    if (source.Units[requirement] is { } units)
                    {
                        var key = (movable[position].Skus[requirement], source.Location);
                        (stockUse.TryGetValue(key, out var list) ? list : stockUse[key] = []).Add(units);
                    }
                }

                foreach (var (bucket, pick) in source.Buckets)
                {
                    var key = (source.Location, bucket);
                    (capacityUse.TryGetValue(key, out var list) ? list : capacityUse[key] = []).Add(pick);
                }
            }
        }

        foreach (var ((sku, location), units) in stockUse)
        {
            model.Add(LinearExpr.Sum(units) <= context.Stock(sku, location));
        }

        foreach (var ((location, bucket), picks) in capacityUse)
        {
            model.Add(LinearExpr.Sum(picks) <= context.Capacity(location, bucket));
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
            .Select(source =>
            {
                var bucket = source.Buckets.First(pair => solver.BooleanValue(pair.Value)).Key;
                var units = source.Units.Select(variable => variable is null ? 0 : (int)solver.Value(variable)).ToArray();
                return new SourceChoice(source.Location, bucket, context.Ready(source.Location, order.Pickup, bucket), units);
            })
            .ToArray();
        return new Decision(sources, context.CostCents(order, sources));
    }

    private sealed record SourceVariables(int Location, long UnitCents, long FixedCents, BoolVar Used, Dictionary<int, BoolVar> Buckets, IntVar?[] Units);

    private sealed record OrderVariables(BoolVar Filled, List<SourceVariables> Sources, long CostBound);
}
