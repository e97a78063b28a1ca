using Allocation.Load.Reports;
using Allocation.Load.Run;

namespace Allocation.Load.Tests.Smoke;

/// <summary>
/// The CI smoke run: the harness starts the real host on a scratch PostgreSQL database (ALLOCATION_POSTGRES, as every
/// PostgreSQL test here), drives every scenario of the smoke profile for 10 s, checks the invariants and writes its reports.
/// </summary>
public sealed class PeakDaySmokeTests : IDisposable
{
    private readonly string reportDirectory = Path.Combine(Path.GetTempPath(), "allocation-load-smoke-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RunAsync_SmokeProfileAgainstStartedHost_ExitsZeroAndWritesEveryReport()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var profile = Path.Combine(AppContext.BaseDirectory, "profiles", "smoke.json");

        var exitCode = await Harness.RunAsync(
            ["peak-day", "--profile", profile, "--duration", "10s", "--report-dir", reportDirectory, "--no-live", "--threshold", "reserve.p99<10s"],
            new HarnessConsole(output, error, Interactive: false), CancellationToken.None);

        Assert.True(exitCode == ExitCodes.Passed, $"exit code {exitCode}: {error}{Environment.NewLine}{output}");
        Assert.All(ReportFiles.All, file => Assert.True(new FileInfo(Path.Combine(reportDirectory, file)) is { Exists: true, Length: > 0 }, file));
        Assert.DoesNotContain("skipped scenario", output.ToString(), StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(Path.Combine(reportDirectory, ReportFiles.Csv));
        Assert.Contains("flash-sale.reserve,", csv, StringComparison.Ordinal);
        Assert.Contains("store-staff.pick-list,", csv, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(reportDirectory, ReportFiles.StoreStepsPlot)) is { Exists: true, Length: > 0 }, ReportFiles.StoreStepsPlot);
        var report = await File.ReadAllTextAsync(Path.Combine(reportDirectory, ReportFiles.Markdown));
        Assert.Contains("## Store steps", report, StringComparison.Ordinal);
        Assert.Contains("confirmed orders listed at their stores | ok", report, StringComparison.Ordinal);
        Assert.Contains("units conserved | ok", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnreachableUrl_ExitsThreeWithOneLine()
    {
        var error = new StringWriter();

        var exitCode = await Harness.RunAsync(
            ["peak-day", "--url", "http://127.0.0.1:9", "--report-dir", reportDirectory, "--no-live"],
            new HarnessConsole(new StringWriter(), error, Interactive: false), CancellationToken.None);

        Assert.Equal(ExitCodes.CouldNotRun, exitCode);
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unreachable", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadProfile_ExitsThreeNamingTheField()
    {
        var profile = Path.Combine(reportDirectory, "bad.json");
        Directory.CreateDirectory(reportDirectory);
        await File.WriteAllTextAsync(profile, """{ "name": "bad", "durationSeconds": 0, "peakRatePerSecond": 1, "rateCurve": [], "scenarios": [] }""");
        var error = new StringWriter();

        var exitCode = await Harness.RunAsync(["peak-day", "--profile", profile, "--url", "http://127.0.0.1:9"], new HarnessConsole(new StringWriter(), error, Interactive: false), CancellationToken.None);

        Assert.Equal(ExitCodes.CouldNotRun, exitCode);
        Assert.Contains("durationSeconds: must be between", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(reportDirectory))
        {
            Directory.Delete(reportDirectory, recursive: true);
        }
    }
}
