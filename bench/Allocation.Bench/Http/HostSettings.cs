using Allocation.TestKit;

namespace Allocation.Bench.Http;

/// <summary>The host's settings for a run, passed as --key=value: storage, the demo catalogue's size, the tenant.</summary>
internal static class HostSettings
{
    /// <summary>The tenant every request acts for (the test kit's admin key is of this tenant); the ledger check reads its rows.</summary>
    public const string TenantId = HostProcess.DefaultTenantId;

    /// <summary>The demo seed writes 8,000 receipts before the banner; about 20 s durable on this machine, so 300 s means it is stuck.</summary>
    private static readonly TimeSpan StartTimeLimit = TimeSpan.FromSeconds(300);

    /// <summary>A host under load stopped in about 5 s in the end-to-end tests; past this it is killed.</summary>
    private static readonly TimeSpan StopTimeLimit = TimeSpan.FromSeconds(30);

    private const int OutputLinesKept = 200;

    /// <summary>The host as the test kit starts it, with the host's own garbage collector setting (server GC), as deployed.</summary>
    public static HostLaunch Launch(string assembly, IReadOnlyDictionary<string, string> settings) => new(assembly, settings)
    {
        StartTimeout = StartTimeLimit,
        StopTimeout = StopTimeLimit,
        OutputLinesKept = OutputLinesKept,
        ServerGc = null,
    };

    public static Dictionary<string, string> Durable(string connectionString) => new(Common())
    {
        ["Allocation:Host:Storage"] = "Postgres",
        ["Allocation:Host:ConnectionString"] = connectionString,
    };

    public static Dictionary<string, string> InMemory() => new(Common()) { ["Allocation:Host:Storage"] = "InMemory" };

    private static Dictionary<string, string> Common() => new()
    {
        ["Allocation:Demo:TenantId"] = TenantId,
        ["Allocation:Host:SeedDemoData"] = "true",
        ["Allocation:Demo:SkuCount"] = BenchCatalogue.DemoSkuCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
