using System.Globalization;

namespace Allocation.Bench.Http;

/// <summary>
/// The one table (Markdown, so it pastes into docs/benchmarks.md): every row at its maximum with its ratio to the
/// anchor's row of the same shape (the anchor's named row for shapes it has not), then the open-model table, then the
/// checks and error samples.
/// </summary>
internal static class HttpResultTable
{
    /// <summary>The issue's latency target at half the maximum rate.</summary>
    public const double OpenModelP99MillisecondsTarget = 25;

    private const double MicrosecondsPerMillisecond = 1_000;

    public static void WriteClosed(TextWriter output, IReadOnlyList<RowResult> rows)
    {
        output.WriteLine("| path | answered by | requests/s | p50 ms | p99 ms | errors | methods JIT-compiled in the window | / anchor | issue 9 target |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            var (ratio, text) = Ratio(rows, row);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {PathCatalog.Label(row.Shape)} | {PathCatalog.Label(row.Target)} | {row.RequestsPerSecond:N0} | {Milliseconds(row.P50Microseconds)} | {Milliseconds(row.P99Microseconds)} | {row.Errors:N0} | {(row.JitCompiledMethods is { } compiled ? compiled.ToString("N0", CultureInfo.InvariantCulture) : "")} | {text} | {TargetVerdict(row, ratio)} |"));
        }
    }

    /// <summary>The issue's ratio targets for the durable service (named >= 0.5x, hot >= 0.4x, solver-chosen >= 0.3x) and zero errors everywhere.</summary>
    private static string TargetVerdict(RowResult row, double? ratio)
    {
        var errors = row.Errors == 0 ? "" : "; errors: missed";
        if (row.Target != TargetKind.Durable || PathTargets.RatioToAnchorMin(row.Shape) is not { } minimum)
            return row.Errors == 0 ? "" : "errors: missed";
        var verdict = ratio is not { } achieved
            ? "no anchor"
            : achieved >= minimum ? "met" : string.Create(CultureInfo.InvariantCulture, $"missed by {minimum / achieved:0.0}x");
        return string.Create(CultureInfo.InvariantCulture, $">= {minimum:0.0}x: {verdict}{errors}");
    }

    public static void WriteOpen(TextWriter output, IReadOnlyList<RowResult> rows)
    {
        output.WriteLine("| path | answered by | offered/s | answered/s | p50 ms | p99 ms | errors | p99 <= 25 ms |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            var met = row.P99Microseconds <= OpenModelP99MillisecondsTarget * MicrosecondsPerMillisecond && row.Errors == 0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {PathCatalog.Label(row.Shape)} | {PathCatalog.Label(row.Target)} | {row.OfferedRequestsPerSecond:N0} | {row.RequestsPerSecond:N0} | {Milliseconds(row.P50Microseconds)} | {Milliseconds(row.P99Microseconds)} | {row.Errors:N0} | {(met ? "yes" : "no")} |"));
        }
    }

    public static void WriteChecks(TextWriter output, IReadOnlyList<VerificationReport> reports, IReadOnlyList<RowResult> rows)
    {
        foreach (var report in reports)
        {
            output.WriteLine($"checks {report.TargetName}: {string.Join("; ", report.Checked)}: {(report.FailureCount == 0 ? "ok" : $"{report.FailureCount} FAILED")}");
            foreach (var failure in report.Failures)
                output.WriteLine($"FAILED {report.TargetName}: {failure}");
        }

        foreach (var row in rows.Where(row => row.ErrorSamples.Count > 0))
            output.WriteLine($"errors {PathCatalog.Label(row.Target)} / {PathCatalog.Label(row.Shape)}: {row.ErrorSamples[0]}");
    }

    private static string Milliseconds(long microseconds) =>
        (microseconds / MicrosecondsPerMillisecond).ToString("0.0", CultureInfo.InvariantCulture);

    private static (double? Ratio, string Text) Ratio(IReadOnlyList<RowResult> rows, RowResult row)
    {
        if (row.Target == TargetKind.Anchor)
            return (1, "1.00x");
        var sameShape = rows.FirstOrDefault(other => other.Target == TargetKind.Anchor && other.Shape == row.Shape);
        var anchor = sameShape ?? rows.FirstOrDefault(other => other.Target == TargetKind.Anchor && other.Shape == PathShape.Named);
        if (anchor is null || anchor.RequestsPerSecond <= 0)
            return (null, "n/a");
        var ratio = row.RequestsPerSecond / anchor.RequestsPerSecond;
        var text = string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}x");
        return (ratio, sameShape is null ? text + " (of named)" : text);
    }
}
