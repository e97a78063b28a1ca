namespace Allocation.Tests.EndToEnd;

/// <summary>Ctrl-C stops the host promptly and cleanly, however it was started and whenever it comes.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_SigintIgnoredByParentLikeScriptBackgroundJob_ExitsCleanlyWithinStopTimeout()
    {
        await using var host = await HostProcess.StartAsync(InMemorySettings(), sigintIgnored: true);

        var exitCode = await host.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", host.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> InMemorySettings() => new()
    {
        ["Allocation:Host:Storage"] = "InMemory",
        ["Allocation:Demo:StockUnitsPerStore"] = "0",
    };
}
