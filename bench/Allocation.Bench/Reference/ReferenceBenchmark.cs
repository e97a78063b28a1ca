using Allocation.Planning;
using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;
using Allocation.Verification;
using System.Diagnostics;
using System.Globalization;

namespace Allocation.Bench.Reference;

/// <summary>
/// Ours (batch, 1 s) against the integer reference (<see cref="IntegerOptimum"/>, a MIP over every feasible source with a
/// long time limit) and the LP bound, on the allocation benchmark's instances. Per instance: the MIP's least cost at our
/// fill (best solution found and its proven bound; the LP's reduced costs leave out only sources that no plan at most as
/// dear as ours can use), then the MIP's most filled plan (and its least cost at that fill), so a plan filling fewer
/// orders is compared with both. Every plan passes the independent checker or the run exits 1.
/// Options: --seed N (42), --orders N (10000), --multi-line-orders N (2000), --stores N (500), --cities N (100),
/// --time-limit-ms N (ours, 1000), --mip-seconds N (per MIP solve, 300), --backend SCIP|CP_SAT (SCIP),
/// --instance N (only the N-th: 1-3 single-unit 2.0x/1.0x/0.9x, 4 baskets), --max-fill 0 (skip the max-fill stage).
/// </summary>
internal static class ReferenceBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var seed = Option(args, "--seed", 42);
        var orderCount = Option(args, "--orders", 10_000);
        var storeCount = Option(args, "--stores", 500);
        var basketCount = Option(args, "--multi-line-orders", 2_000);
        var mipSeconds = Option(args, "--mip-seconds", 300);
        var backend = Text(args, "--backend", "SCIP");
        var limits = PlanningLimits.Default with { SolveTimeLimitMilliseconds = Option(args, "--time-limit-ms", 1000) };
        var network = DemoNetwork.Generate(seed, storeCount, Option(args, "--cities", 100));
        Console.WriteLine($"integer reference: seed {seed}, {storeCount} stores, MIP {backend} {mipSeconds} s per solve, ours {limits.SolveTimeLimitMilliseconds} ms, {Environment.ProcessorCount} cores");
        var instances = new (string Name, int Orders, double StockFactor, bool MultiLine)[]
        {
            ($"{orderCount} single-unit, stock 2.0x", orderCount, 2.0, false),
            ($"{orderCount} single-unit, stock 1.0x", orderCount, 1.0, false),
            ($"{orderCount} single-unit, stock 0.9x", orderCount, 0.9, false),
            ($"{basketCount} multi-line (1-4 lines of 1-2 units), stock 1.0x", basketCount, 1.0, true),
        };
        var only = Option(args, "--instance", 0);
        var failures = 0;
        AllocationPlanner.PlanBatch(new PlanningRequest(network, DemoOrders.Generate(network, seed + 1, 500, 1.0, true).Availability, DemoOrders.Generate(network, seed + 1, 500, 1.0, true).Orders, DemoOrders.DefaultNow, limits));
        foreach (var (name, orders, stockFactor, multiLine) in instances.Where((_, position) => only == 0 || position + 1 == only))
        {
            var instance = DemoOrders.Generate(network, seed, orders, stockFactor, multiLine);
            var request = new PlanningRequest(network, instance.Availability, instance.Orders, instance.Now, limits, Seed: seed);
            failures += RunInstance(name, request, mipSeconds, backend, Option(args, "--max-fill", 1) == 1);
        }

        Console.WriteLine(failures == 0 ? "every plan passed the independent checker" : $"{failures} plan(s) violated constraints");
        return Task.FromResult(failures == 0 ? 0 : 1);
    }

    private static int RunInstance(string name, PlanningRequest request, int mipSeconds, string backend, bool maxFillStage)
    {
        var ours = AllocationPlanner.PlanBatch(request);
        var failures = Checked(name, "ours", request, ours);
        var clock = Stopwatch.StartNew();
        using var relaxation = RelaxedOptimum.Compute(request);
        var lpMaxFill = relaxation.MaxFill();
        var lp = relaxation.AtFill(ours.AllocatedCount) ?? throw new InvalidOperationException("LP infeasible at our fill");
        var columns = relaxation.ColumnsWithin(Money.ToCents(ours.TotalCost));
        var kept = columns.Values.Sum(set => set.Count);
        var plainLp = "same model";
        if (request.Orders.Any(order => order.Lines.Count > 1 || order.Lines[0].Quantity > 1))
        {
            // How much the cover rows tighten the basket bound: the LP without them, at the same fill.
            using var plain = RelaxedOptimum.Compute(request, coverCuts: false);
            plainLp = plain.AtFill(ours.AllocatedCount)?.Cost.ToString("N2", CultureInfo.InvariantCulture) ?? "infeasible";
        }

        Console.WriteLine($"{name}: ours {ours.TotalCost:N2} at {ours.AllocatedCount} filled in {ours.SolveMilliseconds:0} ms; LP {lp.Cost:N2}{(lp.IsLpOptimum ? string.Empty : " (Lagrangian)")}, LP max fill {lpMaxFill:0.00} ({clock.Elapsed.TotalSeconds:0} s); reduced-cost fixing keeps {kept} of {relaxation.FeasiblePairs} (order, source) pairs");
        var atOurs = IntegerOptimum.Solve(request, new IntegerOptimum.Options(IntegerOptimum.Goal.CostAtFill, mipSeconds, backend, ours.AllocatedCount, ours, columns));
        failures += Checked(name, "reference at our fill", request, atOurs.Plan);
        Console.WriteLine($"{name}: MIP at our fill {atOurs.Status} {atOurs.Objective:N2}, bound {atOurs.BestBound:N2} (gap {atOurs.Gap:P3}), {atOurs.Columns} columns, {atOurs.Seconds:0} s");
        Console.WriteLine($"{name}: where ours differs from the MIP at our fill: {Difference(ours, atOurs.Plan)}");
        var row = $"| {name} | {ours.TotalCost:N2} ({Percent(ours.AllocatedCount, request)}) | {atOurs.Objective:N2} / {atOurs.BestBound:N2} ({atOurs.Status}, gap {atOurs.Gap:P2}, {atOurs.Seconds:0} s) "
            + $"| {Ratio(ours.TotalCost, atOurs.Objective)} | {Ratio(ours.TotalCost, atOurs.BestBound)} | {Ratio(ours.TotalCost, (double)lp.Cost)} ({lp.Cost:N2}; without cover rows {plainLp}) |";
        if (maxFillStage && lpMaxFill > ours.AllocatedCount + 0.5)
        {
            var (fillRow, fillFailures) = MaxFill(name, request, relaxation, columns, ours, mipSeconds, backend, lpMaxFill);
            row += fillRow;
            failures += fillFailures;
        }
        else
        {
            row += $" - (LP max {lpMaxFill / request.Orders.Count:P2}{(maxFillStage ? ": ours fills as many" : "; stage skipped")}) | - |";
        }

        Console.WriteLine("| instance | ours: cost (fill) | MIP at our fill: best / proven bound | ours / MIP best | ours / MIP bound | ours / LP bound (LP) | MIP max fill found (LP max) | MIP cost at its max fill: best / bound | ");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(row);
        return failures;
    }

    // The most orders any integer plan fills (MIP from ours, same columns), then the least cost at that fill with columns
    // fixed against the max-fill plan's own cost.
    private static (string Row, int Failures) MaxFill(string name, PlanningRequest request, RelaxedOptimum relaxation, Dictionary<int, HashSet<int>> columns, AllocationPlan ours, int mipSeconds, string backend, double lpMaxFill)
    {
        var most = IntegerOptimum.Solve(request, new IntegerOptimum.Options(IntegerOptimum.Goal.MaxFill, mipSeconds, backend, Hint: ours, Columns: columns));
        var failures = Checked(name, "reference max fill", request, most.Plan);
        Console.WriteLine($"{name}: MIP max fill {most.Status} {most.Objective:0} (bound {most.BestBound:0.00} over the kept columns), {most.Seconds:0} s");
        var filled = most.Plan.AllocatedCount;
        var text = $" {Percent(filled, request)} (LP max {lpMaxFill / request.Orders.Count:P2}) |";
        if (filled <= ours.AllocatedCount)
        {
            return (text + " - |", failures);
        }

        _ = relaxation.AtFill(filled) ?? throw new InvalidOperationException("LP infeasible at the MIP's max fill");
        var fillColumns = relaxation.ColumnsWithin(Money.ToCents(most.Plan.TotalCost));
        var cheapest = IntegerOptimum.Solve(request, new IntegerOptimum.Options(IntegerOptimum.Goal.CostAtFill, mipSeconds, backend, filled, most.Plan, fillColumns));
        failures += Checked(name, "reference at its max fill", request, cheapest.Plan);
        Console.WriteLine($"{name}: MIP at its max fill {cheapest.Status} {cheapest.Objective:N2}, bound {cheapest.BestBound:N2} (gap {cheapest.Gap:P3}), {cheapest.Seconds:0} s");
        return (text + $" {cheapest.Objective:N2} / {cheapest.BestBound:N2} (gap {cheapest.Gap:P2}); ours {Ratio(ours.TotalCost, cheapest.Objective)} at {ours.AllocatedCount / (double)filled:0.000} of its fill |", failures);
    }

    // Orders served from the same sources, from other sources, or filled by one plan only, with what each group costs in
    // either plan: where the cost of ours above the reference goes.
    private static string Difference(AllocationPlan ours, AllocationPlan reference)
    {
        var theirs = reference.Orders.ToDictionary(order => order.OrderId, StringComparer.Ordinal);
        int same = 0, moved = 0, onlyOurs = 0, onlyTheirs = 0;
        decimal movedOurs = 0, movedTheirs = 0, onlyOursCost = 0, onlyTheirsCost = 0, sameCost = 0;
        foreach (var order in ours.Orders)
        {
            var other = theirs[order.OrderId];
            var mine = order.Status == OrderStatus.Allocated;
            var their = other.Status == OrderStatus.Allocated;
            if (mine && their)
            {
                if (Sources(order) == Sources(other))
                {
                    same++;
                    sameCost += order.Cost.Total;
                }
                else
                {
                    moved++;
                    movedOurs += order.Cost.Total;
                    movedTheirs += other.Cost.Total;
                }
            }
            else if (mine)
            {
                onlyOurs++;
                onlyOursCost += order.Cost.Total;
            }
            else if (their)
            {
                onlyTheirs++;
                onlyTheirsCost += other.Cost.Total;
            }
        }

        return $"{same} orders from the same sources ({sameCost:N2}); {moved} from other sources ({movedOurs:N2} ours against {movedTheirs:N2}, +{movedOurs - movedTheirs:N2}); "
            + $"{onlyOurs} filled only by ours ({onlyOursCost:N2}, {(onlyOurs == 0 ? 0 : onlyOursCost / onlyOurs):N2} each) against {onlyTheirs} only by the MIP ({onlyTheirsCost:N2}, {(onlyTheirs == 0 ? 0 : onlyTheirsCost / onlyTheirs):N2} each): +{onlyOursCost - onlyTheirsCost:N2}";
    }

    private static string Sources(OrderPlan order) =>
        string.Join(',', order.Lines.SelectMany(line => line.Sources.Select(pick => $"{line.Sku}@{pick.LocationId}x{pick.Quantity}")).Order(StringComparer.Ordinal));

    private static int Checked(string instance, string method, PlanningRequest request, AllocationPlan plan)
    {
        var report = PlanChecker.Check(request, plan);
        if (report.IsClean)
        {
            return 0;
        }

        Console.Error.WriteLine($"{instance}, {method}: {string.Join("; ", report.Messages.Take(10))}");
        return 1;
    }

    private static string Percent(int filled, PlanningRequest request) => (filled / (double)request.Orders.Count).ToString("P2", CultureInfo.InvariantCulture);

    private static string Ratio(decimal cost, double reference) => reference <= 0 ? "-" : ((double)cost / reference).ToString("0.0000", CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string Text(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
