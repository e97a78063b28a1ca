namespace Allocation.Load.Hosting;

/// <summary>How to start the host: its assembly, its database, its ports (kept across a restart) and its demo seed.</summary>
public sealed record HostSettings(string HostAssembly, string ConnectionString, int HttpPort, int SiloPort, int GatewayPort, int DemoSkuCount, int DemoStockUnitsPerStore)
{
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
    ];
}
