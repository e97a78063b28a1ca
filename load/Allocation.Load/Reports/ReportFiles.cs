namespace Allocation.Load.Reports;

/// <summary>The files every run writes into its report directory.</summary>
public static class ReportFiles
{
    public const string Markdown = "report.md";
    public const string Html = "report.html";
    public const string Csv = "results.csv";
    public const string ThroughputPlot = "throughput.png";
    public const string LatencyPlot = "latency.png";
    public const string DistributionPlot = "latency-distribution.png";

    /// <summary>One panel per store step: ok, rejected and failed answers per second (written when store staff ran).</summary>
    public const string StoreStepsPlot = "store-steps.png";

    public static IReadOnlyList<string> All { get; } = [Markdown, Html, Csv, ThroughputPlot, LatencyPlot, DistributionPlot];
}
