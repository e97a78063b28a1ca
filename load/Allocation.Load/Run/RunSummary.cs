using System.Globalization;
using Allocation.Load.Reports;

namespace Allocation.Load.Run;

/// <summary>The end-of-run lines on the console: the steps, the thresholds, the invariants, the verdict and where the reports are.</summary>
public static class RunSummary
{
    public static void Print(TextWriter output, RunReport report, string reportDirectory)
    {
        output.WriteLine();
        foreach (var step in report.Steps)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step.Name,-32} ok {step.Ok,8:N0}  rejected {step.Rejected,7:N0}  failed {step.Failed,6:N0}  dropped {step.Dropped,6:N0}  {step.RatePerSecond,7:0.0}/s  p50 {step.Percentile(50),7:0.0} ms  p99 {step.Percentile(99),7:0.0} ms"));
        }

        foreach (var result in report.Thresholds)
        {
            output.WriteLine($"  threshold {(result.Passed ? "ok    " : "FAILED")} {result.Threshold.Text}: {result.Detail}");
        }

        foreach (var check in report.Invariants?.Checks ?? [])
        {
            output.WriteLine($"  invariant {(check.Passed ? "ok    " : "BROKEN")} {check.Name}: {check.Checked:N0} checked, {check.Violations:N0} violations{(check.Examples.Count > 0 ? " e.g. " + check.Examples[0] : "")}");
        }

        foreach (var outage in report.Outages)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  host killed at {outage.StartSeconds:0.0} s, ready again at {outage.EndSeconds:0.0} s"));
        }

        output.WriteLine($"{report.Verdict} (exit code {report.ExitCode}); reports in {Path.GetFullPath(reportDirectory)}");
    }
}
