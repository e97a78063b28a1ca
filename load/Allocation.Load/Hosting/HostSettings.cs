namespace Allocation.Load.Hosting;

/// <summary>How to start the host: its assembly, its database, its ports (kept across a restart) and its demo seed.</summary>
public sealed record HostSettings(string HostAssembly, string ConnectionString, int HttpPort, int SiloPort, int GatewayPort, int DemoSkuCount, int DemoStockUnitsPerStore, string AdminKey)
{
    /// <summary>A fresh admin key of the demo tenant; the host is given only its SHA-256, as for every configured key.</summary>
    public static string NewAdminKey() =>
        "alk.default.load-admin." + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public IReadOnlyList<string> Arguments() =>
    [
        HostAssembly,
        $"--urls=http://127.0.0.1:{HttpPort}",
        "--Allocation:Host:Storage=Postgres",
        $"--Allocation:Host:ConnectionString={ConnectionString}",
        $"--Allocation:Host:SiloPort={SiloPort}",
        $"--Allocation:Host:GatewayPort={GatewayPort}",
        $"--Allocation:Demo:SkuCount={DemoSkuCount}",
        $"--Allocation:Demo:StockUnitsPerStore={DemoStockUnitsPerStore}",
        "--Allocation:Access:Keys:0:Name=load harness",
        "--Allocation:Access:Keys:0:TenantId=default",
        "--Allocation:Access:Keys:0:Role=admin",
        $"--Allocation:Access:Keys:0:KeySha256={Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AdminKey)))}",
    ];
}
