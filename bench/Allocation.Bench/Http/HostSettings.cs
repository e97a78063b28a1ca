namespace Allocation.Bench.Http;

/// <summary>The host's settings for a run, passed as --key=value: storage, the demo catalogue's size, the tenant.</summary>
internal static class HostSettings
{
    /// <summary>The tenant every request acts for; set explicitly so the ledger check reads the same rows the API writes.</summary>
    public const string TenantId = "default";

    public static Dictionary<string, string> Durable(string connectionString) => new(Common())
    {
        ["Allocation:Host:Storage"] = "Postgres",
        ["Allocation:Host:ConnectionString"] = connectionString,
    };

    public static Dictionary<string, string> InMemory() => new(Common()) { ["Allocation:Host:Storage"] = "InMemory" };

    private static Dictionary<string, string> Common() => new()
    {
        ["Allocation:Api:TenantId"] = TenantId,
        ["Allocation:Host:SeedDemoData"] = "true",
        ["Allocation:Demo:SkuCount"] = BenchCatalogue.DemoSkuCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
