using System.Globalization;
using Allocation.Load.Metrics;

namespace Allocation.Load.Reports;

/// <summary>The report's tables: the run, the steps, the thresholds, the invariants, the outages and the skipped scenarios.</summary>
public static class ReportTables
{
    public static ReportTable Run(RunReport report) => new("Run", ["what", "value"],
    [
        ["verdict", $"{report.Verdict} (exit code {report.ExitCode})"],
        ["profile", report.ProfileDescription is null ? report.ProfileName : $"{report.ProfileName}: {report.ProfileDescription}"],
        ["command", report.CommandLine],
        ["started", report.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)],
        ["service", report.Target],
        ["machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"],
        ["duration", Format($"{report.DurationSeconds:0.0} s of arrivals")],
        ["peak target", Format($"{report.PeakTargetPerSecond:0} iterations/s (scale {report.Scale:0.###}), at most {report.MaxInFlight} requests in flight")],
        ["stopped early", report.AbortReason ?? "no"],
    ]);

    public static ReportTable Steps(RunReport report) => new(
        "Steps (latency in ms from the intended start; service p99 from the last send)",
        ["step", "ok", "rejected", "failed", "dropped", "retries", "rate/s", "p50", "p95", "p99", "max", "service p99", "status codes"],
        report.Steps.Select(step => (IReadOnlyList<string>)
        [
            step.Name, Count(step.Ok), Count(step.Rejected), Count(step.Failed), Count(step.Dropped), Count(step.Retries),
            Format($"{step.RatePerSecond:0.0}"), Milliseconds(step.Percentile(50)), Milliseconds(step.Percentile(95)),
            Milliseconds(step.Percentile(99)), Milliseconds(step.MaxMilliseconds), Milliseconds(step.ServicePercentile(99)), StatusCodes(step),
        ]).ToList());

    /// <summary>Store staff's steps on their own: what each step answered and how long it took.</summary>
    public static ReportTable StoreSteps(RunReport report) => new(
        "Store steps (store staff and collecting customers; rejected = the order had moved on, e.g. cancelled while picked)",
        ["step", "ok", "rejected", "failed", "rate/s", "p50", "p95", "p99", "max", "status codes"],
        report.Steps.Where(step => report.IsStoreStep(step.Scenario)).Select(step => (IReadOnlyList<string>)
        [
            step.Step, Count(step.Ok), Count(step.Rejected), Count(step.Failed), Format($"{step.RatePerSecond:0.0}"), Milliseconds(step.Percentile(50)),
            Milliseconds(step.Percentile(95)), Milliseconds(step.Percentile(99)), Milliseconds(step.MaxMilliseconds), StatusCodes(step),
        ]).ToList());

    /// <summary>What happened on the shop floor: lines picked, units short, picks after a till sale, orders collected, cancelled, no-shows.</summary>
    public static ReportTable ShopFloor(RunReport report) => new("Shop floor", ["what", "count"],
        (report.FloorCounts ?? new Dictionary<string, long>()).Select(pair => (IReadOnlyList<string>)[pair.Key, Count(pair.Value)]).ToList());

    public static ReportTable Thresholds(RunReport report) => new("Thresholds", ["threshold", "verdict", "measured"],
        report.Thresholds.Select(result => (IReadOnlyList<string>)[result.Threshold.Text + (result.Threshold.AbortOnFail ? " (aborts)" : ""), result.Passed ? "ok" : "FAILED", result.Detail]).ToList());

    public static ReportTable Invariants(RunReport report) => new("Invariants (checked against the service's GET endpoints after the run)", ["invariant", "verdict", "checked", "violations", "rule", "examples"],
        report.Invariants?.Checks.Select(check => (IReadOnlyList<string>)
        [
            check.Name, check.Passed ? "ok" : "BROKEN", Count(check.Checked), Count(check.Violations), check.Rule, string.Join("; ", check.Examples),
        ]).ToList() ?? []);

    public static ReportTable Outages(RunReport report) => new("Host outages (--kill-host-at)", ["killed at", "ready again at", "outage"],
        report.Outages.Select(outage => (IReadOnlyList<string>)
        [
            Format($"{outage.StartSeconds:0.0} s"), Format($"{outage.EndSeconds:0.0} s"), Format($"{outage.DurationSeconds:0.0} s"),
        ]).ToList());

    public static ReportTable Skipped(RunReport report) => new("Skipped scenarios", ["scenario", "why"],
        report.Skipped.Select(skipped => (IReadOnlyList<string>)[skipped.Name, skipped.Reason]).ToList());

    public static IReadOnlyList<ReportTable> All(RunReport report) =>
        new[] { Run(report), Steps(report), StoreSteps(report), ShopFloor(report), Thresholds(report), Invariants(report), Outages(report), Skipped(report) }.Where(table => table.Rows.Count > 0).ToList();

    private static string StatusCodes(StepSummary step) =>
        string.Join(" ", step.StatusCodes.OrderBy(pair => pair.Key).Select(pair => $"{(pair.Key == 0 ? "none" : pair.Key.ToString(CultureInfo.InvariantCulture))}:{Count(pair.Value)}"));

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Milliseconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
