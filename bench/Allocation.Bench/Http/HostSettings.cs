namespace Allocation.Bench.Http;

/// <summary>The host's settings for a run, passed as --key=value: storage, the demo catalogue's size, the tenant.</summary>
internal static class HostSettings
{
    /// <summary>The tenant every request acts for; set explicitly so the ledger check reads the same rows the API writes.</summary>
    public const string TenantId = "default";

    /// <summary>The key every request of a run carries, new per run.</summary>
    public static readonly string AdminKey = "alk.default.bench." + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static Dictionary<string, string> Durable(string connectionString) => new(Common())
    {
        ["Allocation:Host:Storage"] = "Postgres",
        ["Allocation:Host:ConnectionString"] = connectionString,
    };

    public static Dictionary<string, string> InMemory() => new(Common()) { ["Allocation:Host:Storage"] = "InMemory" };

    private static Dictionary<string, string> Common() => new()
    {
        ["Allocation:Demo:TenantId"] = TenantId,
        // The generator calls as an admin of the tenant (it seeds stock too); the host knows only the key's digest.
        ["Allocation:Access:Keys:0:Name"] = "bench",
        ["Allocation:Access:Keys:0:TenantId"] = TenantId,
        ["Allocation:Access:Keys:0:Role"] = "admin",
        ["Allocation:Access:Keys:0:KeySha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AdminKey))),
        ["Allocation:Host:SeedDemoData"] = "true",
        ["Allocation:Demo:SkuCount"] = BenchCatalogue.DemoSkuCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
