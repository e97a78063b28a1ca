using Allocation.Load.Metrics;
using ScottPlot;

namespace Allocation.Load.Reports;

/// <summary>The three plots as PNG bytes: throughput (target vs achieved), p50/p95/p99 per step over time, and the latency distribution.</summary>
public static class PlotRenderer
{
    public const int WidthPixels = 1000;
    public const int HeightPixels = 450;

    private const int PanelColumns = 3;
    private const int PanelWidthPixels = 440;
    private const int PanelHeightPixels = 300;
    private const int ImageQuality = 100;

    public static byte[] Throughput(RunReport report)
    {
        var plot = new Plot();
        var seconds = Seconds(report);
        var entry = report.StepMetrics.Where(report.IsEntry).ToList();
        Line(plot, seconds, second => entry.Sum(step => Bucket(step, second)?.TargetPerSecond ?? 0), "target arrivals/s");
        Line(plot, seconds, second => entry.Sum(step => (double?)Bucket(step, second)?.Answered ?? 0), "achieved (answered)/s");
        Line(plot, seconds, second => entry.Sum(step => (double?)Bucket(step, second)?.Ok ?? 0), "ok/s");
        Line(plot, seconds, second => report.StepMetrics.Sum(step => (double?)(Bucket(step, second) is { } bucket ? bucket.Failed + bucket.Dropped : 0) ?? 0), "failed + dropped/s");
        ShadeOutages(plot, report);
        Finish(plot, "Throughput: target vs achieved (iterations started, per second)", "run time (s)", "per second");
        return plot.GetImageBytes(WidthPixels, HeightPixels, ImageFormat.Png);
    }

    /// <summary>One panel per step (p50, p95, p99 per second), so a slow step does not hide in a crowd of lines.</summary>
    public static byte[] LatencyOverTime(RunReport report)
    {
        var seconds = Seconds(report);
        var steps = report.StepMetrics.Where(step => step.Buckets.Any(bucket => bucket.Answered > 0)).ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(Math.Max(1, steps.Count));
        var rows = Math.Max(1, (steps.Count + PanelColumns - 1) / PanelColumns);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, PanelColumns);
        for (var index = 0; index < steps.Count; index++)
        {
            var plot = multiplot.GetPlot(index);
            var step = steps[index];

            // Seconds without answers are gaps, not zeros.
            Line(plot, seconds, second => Answered(step, second)?.P50Milliseconds ?? double.NaN, "p50");
            Line(plot, seconds, second => Answered(step, second)?.P95Milliseconds ?? double.NaN, "p95");
            Line(plot, seconds, second => Answered(step, second)?.P99Milliseconds ?? double.NaN, "p99");
            ShadeOutages(plot, report);
            Finish(plot, step.Name, "run time (s)", "ms from the intended start");
            plot.Axes.SetLimitsX(0, seconds[^1] + 1);
        }

        return multiplot.Render(PanelColumns * PanelWidthPixels, rows * PanelHeightPixels).GetImageBytes(ImageFormat.Png, ImageQuality);
    }

    /// <summary>One panel per store step: ok, rejected and failed answers per second, the step's p95 in the title.</summary>
    public static byte[] StoreSteps(RunReport report)
    {
        var seconds = Seconds(report);
        var steps = report.StepMetrics.Where(step => report.IsStoreStep(step.Scenario) && step.Buckets.Any(bucket => bucket.Answered > 0)).ToList();
        var summaries = report.Steps.ToDictionary(step => step.Name, StringComparer.Ordinal);
        var multiplot = new Multiplot();
        multiplot.AddPlots(Math.Max(1, steps.Count));
        var rows = Math.Max(1, (steps.Count + PanelColumns - 1) / PanelColumns);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, PanelColumns);
        for (var index = 0; index < steps.Count; index++)
        {
            var plot = multiplot.GetPlot(index);
            var step = steps[index];
            Line(plot, seconds, second => Bucket(step, second)?.Ok ?? 0, "ok/s");
            Line(plot, seconds, second => Bucket(step, second)?.Rejected ?? 0, "rejected/s");
            Line(plot, seconds, second => Bucket(step, second)?.Failed ?? 0, "failed/s");
            ShadeOutages(plot, report);
            var p95 = summaries.TryGetValue(step.Name, out var summary) ? $" (p95 {summary.Percentile(95):0} ms)" : "";
            Finish(plot, step.Step + p95, "run time (s)", "answers per second");
            plot.Axes.SetLimitsX(0, seconds[^1] + 1);
        }

        return multiplot.Render(PanelColumns * PanelWidthPixels, rows * PanelHeightPixels).GetImageBytes(ImageFormat.Png, ImageQuality);
    }

    /// <summary>HdrHistogram's percentile plot: x is 1/(1-p) on a log scale, so the tail gets the room.</summary>
    public static byte[] Distribution(RunReport report)
    {
        var plot = new Plot();
        double[] percentiles = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99];
        var xs = percentiles.Select(percentile => Math.Log10(1 / (1 - percentile / 100))).ToArray();
        foreach (var step in report.Steps.Where(step => step.Answered > 0))
        {
            var scatter = plot.Add.Scatter(xs, percentiles.Select(step.Percentile).ToArray());
            scatter.LegendText = step.Name;
        }

        plot.Axes.Bottom.SetTicks(xs, percentiles.Select(percentile => $"p{percentile}").ToArray());
        Finish(plot, "Latency distribution over the run (from the intended start)", "percentile", "ms");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(WidthPixels, HeightPixels, ImageFormat.Png);
    }

    private static double[] Seconds(RunReport report)
    {
        var last = report.StepMetrics.SelectMany(step => step.Buckets).Select(bucket => bucket.Second).DefaultIfEmpty(1).Max();
        return Enumerable.Range(1, last).Select(second => (double)second).ToArray();
    }

    private static BucketSnapshot? Bucket(StepMetrics step, double second) => step.Buckets.FirstOrDefault(bucket => bucket.Second == (int)second);

    private static BucketSnapshot? Answered(StepMetrics step, double second) => Bucket(step, second) is { Answered: > 0 } bucket ? bucket : null;

    private static void Line(Plot plot, double[] seconds, Func<double, double> value, string label)
    {
        var scatter = plot.Add.Scatter(seconds, seconds.Select(value).ToArray());
        scatter.LegendText = label;
        scatter.MarkerSize = 0;
    }

    private static void ShadeOutages(Plot plot, RunReport report)
    {
        foreach (var outage in report.Outages.Where(outage => outage.EndSeconds >= outage.StartSeconds))
        {
            var span = plot.Add.HorizontalSpan(outage.StartSeconds, outage.EndSeconds);
            span.LegendText = "host killed and restarting";
            span.FillStyle.Color = Colors.Red.WithAlpha(0.15);
        }
    }

    private static void Finish(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
    }
}
