using Allocation.Planning;
using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Verification;
using System.Diagnostics;
using System.Globalization;

namespace Allocation.Bench.Solver;

/// <summary>
/// Seeded click-and-collect instances solved side by side by greedy (nearest store holding the order), ours online
/// (orders one at a time in payment order, against a running snapshot) and ours batch (joint re-plan), each of ours
/// compared with the relaxation's least cost at the same fill (like for like); the relaxation's max fill is printed
/// separately. Every plan is verified by the independent checker; exits 1 if any of ours violates a constraint.
/// Options: --seed N (42), --orders N (10000), --multi-line-orders N (2000; the LP bound grows fast), --stores N (500),
/// --cities N (100), --time-limit-ms N (1000), --candidates N (8), --instance N (only the N-th instance, 1-5), --bound 0 (skip the bounds), --reasons 1 (why the batch plan's
/// unallocated orders are unallocated).
/// </summary>
internal static class AllocationBenchmark
{
    private const int WarmUpOrders = 2000;
    private const int ReasonCharactersMax = 60;
    private const int ReasonsShownMax = 8;

    public static Task<int> RunAsync(string[] args)
    {
        var seed = Option(args, "--seed", 42);
        var orderCount = Option(args, "--orders", 10_000);
        var storeCount = Option(args, "--stores", 500);
        var cityCount = Option(args, "--cities", 100);
        var multiLineOrderCount = Option(args, "--multi-line-orders", 2_000);
        var limits = PlanningLimits.Default with
        {
            SolveTimeLimitMilliseconds = Option(args, "--time-limit-ms", 1000),
            CandidateSourcesPerOrderMax = Option(args, "--candidates", PlanningLimits.Default.CandidateSourcesPerOrderMax),
        };
        var network = DemoNetwork.Generate(seed, storeCount, cityCount);
        Console.WriteLine($"allocation benchmark: seed {seed}, {orderCount} orders, {storeCount} stores + {network.Locations.Count - storeCount} DCs in {cityCount} cities, "
            + $"window {limits.ReadinessWindowMinutes} min, splits <= {limits.SplitsPerOrderMax}, {limits.CandidateSourcesPerOrderMax} candidates, {Environment.ProcessorCount} cores");
        WarmUp(network, seed, limits);

        var instances = new (string Name, int Orders, double StockFactor, bool MultiLine)[]
        {
            ($"{orderCount} single-unit, stock 2.0x", orderCount, 2.0, false),
            ($"{orderCount} single-unit, stock 1.0x", orderCount, 1.0, false),
            ($"{orderCount} single-unit, stock 0.9x", orderCount, 0.9, false),
            ($"{multiLineOrderCount} multi-line (1-4 lines of 1-2 units), stock 1.0x", multiLineOrderCount, 1.0, true),
            ($"{orderCount} multi-line (1-4 lines of 1-2 units), stock 1.0x, no bound", orderCount, 1.0, true),
        };
        var failures = 0;
        Console.WriteLine();
        Console.WriteLine("| instance | method | total cost | bound at equal fill | cost / bound | fill rate | window viol. | capacity viol. | splits | solve time |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        var only = Option(args, "--instance", 0);
        foreach (var (name, orders, stockFactor, multiLine) in instances.Where((_, position) => only == 0 || position + 1 == only))
        {
            var instance = DemoOrders.Generate(network, seed, orders, stockFactor, multiLine);
            var request = new PlanningRequest(network, instance.Availability, instance.Orders, instance.Now, limits, Seed: seed);
            var withBound = !name.EndsWith("no bound", StringComparison.Ordinal) && Option(args, "--bound", 1) == 1;
            var greedy = GreedyPlanner.Plan(request);
            var (online, latencies) = RunOnline(request);
            var wall = Stopwatch.StartNew();
            var batch = AllocationPlanner.PlanBatch(request);
            var batchWallMilliseconds = wall.Elapsed.TotalMilliseconds;
            var methods = new (string Method, AllocationPlan Plan, string Time, bool MustBeClean)[]
            {
                ("greedy (nearest with stock)", greedy, $"{greedy.SolveMilliseconds:0} ms total", false),
                ("ours online", online, $"p50 {Percentile(latencies, 0.50):0.000} ms, p99 {Percentile(latencies, 0.99):0.000} ms per order", true),
                ($"ours batch ({batch.Engine})", batch, $"{batchWallMilliseconds:0} ms total (wall time around the call)", true),
            };

            var clock = Stopwatch.StartNew();
            using var relaxation = withBound ? RelaxedOptimum.Compute(request) : null;
            var maxFill = relaxation?.MaxFill();
            var bounds = methods.Select(method => maxFill is null || !method.MustBeClean || method.Plan.AllocatedCount > maxFill.Value + 1e-6 ? null : relaxation!.AtFill(method.Plan.AllocatedCount)).ToArray();
            var boundSeconds = clock.Elapsed.TotalSeconds;
            for (var index = 0; index < methods.Length; index++)
            {
                failures += Row(name, methods[index].Method, request, methods[index].Plan, bounds[index], methods[index].Time, methods[index].MustBeClean);
            }

            if (Option(args, "--reasons", 0) == 1)
            {
                PrintReasons(batch);
            }

            Console.WriteLine($"| {name} | batch phases, ms at end (cumulative): {string.Join(", ", batch.Phases.Select(phase => $"{phase.Phase} {phase.EndedAtMilliseconds:0}"))} | | | | | | | | |");
            if (maxFill is not null)
            {
                Console.WriteLine($"| {name} | relaxation, max fill (upper bound on fill) | - | - | - | {maxFill.Value / orders:P2} | - | - | - | {boundSeconds:0.0} s for all bounds of this instance ({RelaxedOptimum.Method}) |");
            }
        }

        Console.WriteLine();
        Console.WriteLine(failures == 0 ? "all plans of ours passed the independent checker" : $"{failures} plan(s) of ours violated constraints");
        return Task.FromResult(failures == 0 ? 0 : 1);
    }

    // Online: orders arrive one at a time in payment order; each call sees only its own SKUs' stock and the capacity
    // already booked at the locations holding them (what the service's grains would hand over). Only the planner call is timed.
    private static (AllocationPlan Plan, List<double> LatenciesMilliseconds) RunOnline(PlanningRequest request)
    {
        var stock = request.Availability.Stock.GroupBy(level => level.Sku, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToDictionary(level => level.LocationId, level => level.Units, StringComparer.Ordinal), StringComparer.Ordinal);
        var booked = new Dictionary<string, Dictionary<DateTimeOffset, int>>(StringComparer.Ordinal);
        var results = new OrderPlan[request.Orders.Count];
        var latencies = new List<double>(request.Orders.Count);
        var clock = new Stopwatch();
        foreach (var (order, index) in request.Orders.Select((order, index) => (order, index)).OrderBy(pair => pair.order.PaidAt).ThenBy(pair => pair.index))
        {
            var levels = order.Lines.Select(line => line.Sku).Distinct(StringComparer.Ordinal)
                .SelectMany(sku => stock.TryGetValue(sku, out var bySku) ? bySku.Where(pair => pair.Value > 0).Select(pair => new StockLevel(sku, pair.Key, pair.Value)) : [])
                .ToList();
            var usage = levels.Select(level => level.LocationId).Distinct(StringComparer.Ordinal)
                .SelectMany(location => booked.TryGetValue(location, out var hours) ? hours.Select(pair => new CapacityUsage(location, pair.Key, pair.Value)) : [])
                .ToList();
            var single = request with { Orders = [order], Availability = new AvailabilitySnapshot(levels, usage) };
            clock.Restart();
            var plan = AllocationPlanner.PlanOnline(single);
            clock.Stop();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            results[index] = plan.Orders[0];
            foreach (var line in plan.Orders[0].Lines)
            {
                foreach (var source in line.Sources)
                {
                    stock[line.Sku][source.LocationId] -= source.Quantity;
                }
            }

            foreach (var pick in plan.Orders[0].Lines.SelectMany(line => line.Sources).DistinctBy(source => source.LocationId))
            {
                var hours = booked.TryGetValue(pick.LocationId, out var existing) ? existing : booked[pick.LocationId] = [];
                hours[pick.PickBucketStart] = hours.GetValueOrDefault(pick.PickBucketStart) + 1;
            }
        }

        return (new AllocationPlan(results, [], "online", latencies.Sum()), latencies);
    }

    // Why the batch plan's unallocated orders are unallocated, most frequent first (numbers and times left out).
    private static void PrintReasons(AllocationPlan plan)
    {
        var reasons = plan.Orders.Where(order => order.Status != OrderStatus.Allocated)
            .GroupBy(order => $"{order.Status}: {new string([.. (order.Reason ?? string.Empty).Where(character => !char.IsDigit(character)).Take(ReasonCharactersMax)])}");
        foreach (var group in reasons.OrderByDescending(group => group.Count()).Take(ReasonsShownMax))
        {
            Console.WriteLine($"  {group.Count()} x {group.Key}");
        }
    }

    private static int Row(string instance, string method, PlanningRequest request, AllocationPlan plan, RelaxedOptimum.Bound? bound, string time, bool mustBeClean)
    {
        var report = PlanChecker.Check(request, plan);
        var boundText = bound is null ? "-" : bound.Cost.ToString("N2", CultureInfo.InvariantCulture) + (bound.IsLpOptimum ? string.Empty : " (Lagrangian)");
        var ratio = bound is null ? "-" : bound.Cost == 0 ? "1.000" : (plan.TotalCost / bound.Cost).ToString("0.000", CultureInfo.InvariantCulture);
        var splits = plan.Orders.Sum(order => order.Splits);
        var fill = plan.AllocatedCount / (double)request.Orders.Count;
        var otherViolations = report.StockViolations + report.SplitViolations + report.ShapeViolations;
        var note = otherViolations > 0 ? $" (+{report.StockViolations} stock, {report.SplitViolations} split, {report.ShapeViolations} shape violations)" : string.Empty;
        Console.WriteLine($"| {instance} | {method} | {plan.TotalCost:N2} | {boundText} | {ratio} | {fill:P2} | {report.WindowViolations} | {report.CapacityViolations} | {splits} | {time}{note} |");
        if (mustBeClean && !report.IsClean)
        {
            foreach (var message in report.Messages.Take(10))
            {
                Console.Error.WriteLine($"  {method}: {message}");
            }

            return 1;
        }

        return 0;
    }

    // Steady-state figures: every code path (batch, online single-order calls, diagnosis of unallocated orders) runs on
    // other seeded instances first, so tiered JIT compilation is not counted in the first calls of the measured runs.
    private static void WarmUp(StoreNetwork network, int seed, PlanningLimits limits)
    {
        foreach (var multiLine in new[] { false, true })
        {
            var instance = DemoOrders.Generate(network, seed + 1, WarmUpOrders, 0.9, multiLine);
            var request = new PlanningRequest(network, instance.Availability, instance.Orders, instance.Now, limits);
            AllocationPlanner.PlanBatch(request);
            RunOnline(request);
            AllocationPlanner.PlanBatch(request with { Orders = instance.Orders.Take(10).ToList() });
        }
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
