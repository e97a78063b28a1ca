using System.Globalization;
using System.Text;

namespace Allocation.Load.Reports;

/// <summary>results.csv: one row per step and second (answers counted when they arrived; latency in ms from the intended start).</summary>
public static class CsvReportWriter
{
    public const string Header = "step,second,target_per_second,ok,rejected,failed,dropped,p50_ms,p95_ms,p99_ms,max_ms";

    public static string Render(RunReport report)
    {
        var text = new StringBuilder().AppendLine(Header);
        foreach (var step in report.StepMetrics)
        {
            foreach (var bucket in step.Buckets)
            {
                text.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{step.Name},{bucket.Second},{bucket.TargetPerSecond:0.###},{bucket.Ok},{bucket.Rejected},{bucket.Failed},{bucket.Dropped},{bucket.P50Milliseconds:0.###},{bucket.P95Milliseconds:0.###},{bucket.P99Milliseconds:0.###},{bucket.MaxMilliseconds:0.###}"));
            }
        }

        return text.ToString();
    }
}
