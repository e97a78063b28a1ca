using System.Globalization;

namespace Allocation.Bench.Reservations;

/// <summary>Prints the one table (Markdown, so it pastes into docs/benchmarks.md) plus any failures and notes under it.</summary>
internal static class ResultTable
{
    private const double MicrosecondsPerMillisecond = 1_000;

    public static void Write(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        var hasOurs = results.Any(result => result.TargetName == ReservationTargetCatalog.OursName);
        var header = "| Scenario | Target | Operation | ops/s | p50 ms | p99 ms | Checks |";
        var rule = "|---|---|---|---:|---:|---:|---|";
        if (hasOurs)
        {
            header += " ours/SQL | ours/Redis |";
            rule += "---:|---:|";
        }

        output.WriteLine(header);
        output.WriteLine(rule);
        foreach (var result in results)
        {
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {result.ScenarioName} | {result.TargetName} | {result.OperationName} | {result.OperationsPerSecond:N0} | {Milliseconds(result.P50Microseconds)} | {Milliseconds(result.P99Microseconds)} | {(result.Passed ? "ok" : "FAILED")} |");
            if (hasOurs)
                row += $" {Ratio(results, result, ReservationTargetCatalog.SqlName)} | {Ratio(results, result, ReservationTargetCatalog.RedisName)} |";
            output.WriteLine(row);
        }

        WriteDetails(output, results);
    }

    private static void WriteDetails(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        foreach (var result in results)
        {
            foreach (var failure in result.Failures)
                output.WriteLine($"FAILED {result.ScenarioName}/{result.TargetName}: {failure}");
            foreach (var note in result.Notes)
                output.WriteLine($"note {result.ScenarioName}/{result.TargetName}: {note}");
        }
    }

    private static string Milliseconds(long microseconds) =>
        (microseconds / MicrosecondsPerMillisecond).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Throughput of "ours" over a baseline in the same scenario; shown on the "ours" row only, and not for sell-out.</summary>
    private static string Ratio(IReadOnlyList<ScenarioResult> results, ScenarioResult result, string baselineName)
    {
        if (result.TargetName != ReservationTargetCatalog.OursName || result.Workload == ScenarioWorkload.SellOut)
            return "";
        var baseline = results.FirstOrDefault(other => other.ScenarioName == result.ScenarioName && other.TargetName == baselineName);
        return baseline is null || baseline.OperationsPerSecond <= 0
            ? "n/a"
            : string.Create(CultureInfo.InvariantCulture, $"{result.OperationsPerSecond / baseline.OperationsPerSecond:0.0}x");
    }
}
