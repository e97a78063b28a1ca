namespace Allocation.Tests.EndToEnd;

/// <summary>Ctrl-C stops the host promptly and cleanly, however it was started and whenever it comes.</summary>
public sealed class ShutdownTests
{
    /// <summary>Enough demo stock (202,000 receipts) that seeding is still running when the signal comes.</summary>
    private const string SlowSeedSkuCount = "500";

    [Fact]
    public async Task Stop_SigintIgnoredByParentLikeScriptBackgroundJob_ExitsCleanlyWithinStopTimeout()
    {
        await using var host = await HostProcess.StartAsync(InMemorySettings(), sigintIgnored: true);

        var exitCode = await host.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_DuringDemoSeeding_StopsSiloGracefullyAndExitsZero()
    {
        var settings = InMemorySettings();
        settings["Allocation:Demo:SkuCount"] = SlowSeedSkuCount;
        settings["Allocation:Demo:StockUnitsPerStore"] = "20";
        settings["Logging:LogLevel:Orleans.Hosting.SiloHostedService"] = "Information";
        await using var host = await HostProcess.StartAsync(settings, readyLine: HostLaunch.SiloStartedLine);

        var exitCode = await host.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(HostLaunch.ServingLine, host.Output, StringComparison.Ordinal);
        Assert.Contains("Orleans Silo stopped.", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> InMemorySettings() => new()
    {
        ["Allocation:Host:Storage"] = "InMemory",
        ["Allocation:Demo:StockUnitsPerStore"] = "0",
    };
}
