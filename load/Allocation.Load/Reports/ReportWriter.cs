namespace Allocation.Load.Reports;

/// <summary>Writes every report file of a run into its directory.</summary>
public static class ReportWriter
{
    public static async Task WriteAsync(RunReport report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var plots = new Dictionary<string, byte[]>
        {
            [ReportFiles.ThroughputPlot] = PlotRenderer.Throughput(report),
            [ReportFiles.LatencyPlot] = PlotRenderer.LatencyOverTime(report),
            [ReportFiles.DistributionPlot] = PlotRenderer.Distribution(report),
        };
        if (report.StepMetrics.Any(step => report.IsStoreStep(step.Scenario)))
        {
            plots[ReportFiles.StoreStepsPlot] = PlotRenderer.StoreSteps(report);
        }

        foreach (var (file, bytes) in plots)
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, file), bytes, cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, ReportFiles.Csv), CsvReportWriter.Render(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, ReportFiles.Markdown), MarkdownReportWriter.Render(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, ReportFiles.Html), HtmlReportWriter.Render(report, plots), cancellationToken);
    }
}
