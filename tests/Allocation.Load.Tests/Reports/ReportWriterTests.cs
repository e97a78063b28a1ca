using Allocation.Load.Invariants;
using Allocation.Load.Metrics;
using Allocation.Load.Reports;
using Allocation.Load.Run;
using Allocation.Load.Service;
using Allocation.Load.Thresholds;

namespace Allocation.Load.Tests.Reports;

public sealed class ReportWriterTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47];

    [Fact]
    public void Render_Csv_HasOneRowPerStepAndSecond()
    {
        var csv = CsvReportWriter.Render(Report(ExitCodes.Passed));

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvReportWriter.Header, lines[0].TrimEnd());
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("flash.reserve,1,10,10,0,0,0,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Markdown_ShowsStepsThresholdsInvariantsAndOutage()
    {
        var markdown = MarkdownReportWriter.Render(Report(ExitCodes.InvariantBroken));

        Assert.Contains("BROKEN: an invariant broke (exit code 2)", markdown, StringComparison.Ordinal);
        Assert.Contains("| flash.reserve | 20 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| reserve.p99<50ms | ok |", markdown, StringComparison.Ordinal);
        Assert.Contains("| no SKU-store oversold | BROKEN | 1 | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 1.0 s | 1.5 s | 0.5 s |", markdown, StringComparison.Ordinal);
        Assert.Contains("![throughput](throughput.png)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Html_EmbedsThePlots()
    {
        var report = Report(ExitCodes.Passed);
        var html = HtmlReportWriter.Render(report, new Dictionary<string, byte[]> { [ReportFiles.ThroughputPlot] = PlotRenderer.Throughput(report) });

        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"throughput.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plots_Render_AsPng()
    {
        var report = Report(ExitCodes.Passed);

        Assert.All([PlotRenderer.Throughput(report), PlotRenderer.LatencyOverTime(report), PlotRenderer.Distribution(report)], png => Assert.Equal(PngSignature, png.Take(4)));
    }

    [Fact]
    public async Task Write_StoreStaffRan_MarkdownHasTheStoreStepsAndShopFloorAndThePlot()
    {
        var staff = new StepMetrics("store-staff", "short-pick");
        staff.Record(AnswerKind.Ok, 200, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(20), 1);
        staff.Record(AnswerKind.Rejected, 409, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(20), 1);
        staff.Tick(1, 0);
        var plain = Report(ExitCodes.Passed);
        var report = plain with
        {
            Steps = [.. plain.Steps, staff.Summarize(2)],
            StepMetrics = [.. plain.StepMetrics, staff],
            EntrySteps = new Dictionary<string, IReadOnlyList<string>> { ["flash"] = ["reserve"], ["store-staff"] = ["pick-list"] },
            FloorCounts = new Dictionary<string, long> { ["units short at the shelf"] = 3 },
        };
        var directory = Path.Combine(Path.GetTempPath(), "allocation-report-" + Guid.NewGuid().ToString("N"));

        try
        {
            await ReportWriter.WriteAsync(report, directory, CancellationToken.None);

            var markdown = await File.ReadAllTextAsync(Path.Combine(directory, ReportFiles.Markdown));
            Assert.Contains("| short-pick | 1 | 1 | 0 |", markdown, StringComparison.Ordinal);
            Assert.Contains("| units short at the shelf | 3 |", markdown, StringComparison.Ordinal);
            Assert.Contains($"]({ReportFiles.StoreStepsPlot})", markdown, StringComparison.Ordinal);
            Assert.Equal(PngSignature, (await File.ReadAllBytesAsync(Path.Combine(directory, ReportFiles.StoreStepsPlot))).Take(4));
            Assert.DoesNotContain("| reserve | 20", markdown.Split("## Store steps")[1].Split("## Shop floor")[0], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Render_NoStoreStaff_NoStoreStepSection()
    {
        var markdown = MarkdownReportWriter.Render(Report(ExitCodes.Passed));

        Assert.DoesNotContain("## Store steps", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(ReportFiles.StoreStepsPlot, markdown, StringComparison.Ordinal);
    }

    private static RunReport Report(int exitCode)
    {
        var step = new StepMetrics("flash", "reserve");
        for (var second = 1; second <= 2; second++)
        {
            for (var index = 0; index < 10; index++)
            {
                step.Record(AnswerKind.Ok, 201, TimeSpan.FromMilliseconds(10 * second), TimeSpan.FromMilliseconds(5), 1);
            }

            step.Tick(second, 10);
        }

        Assert.True(ThresholdParser.TryParse("reserve.p99<50ms", false, out var threshold, out _));
        var summaries = new[] { step.Summarize(2) };
        var invariants = new InvariantReport([new InvariantCheck("no SKU-store oversold", "held + committed <= on hand", 1, 1, ["SKU-1@S1: on hand 1, held 2"])], []);
        return new RunReport(
            "test", null, "peak-day", DateTimeOffset.UnixEpoch, "fake", 1, 10, 2, 8, summaries, [step],
            new Dictionary<string, IReadOnlyList<string>> { ["flash"] = ["reserve"] }, [ThresholdEvaluator.Evaluate(threshold!, summaries)], invariants,
            [new Outage(1, 1.5)], [], null, [], exitCode);
    }
}
