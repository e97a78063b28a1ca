using Allocation.Tests.Infrastructure;
using System.Net.Http.Json;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// A fresh database and one running host on it, shared by the tests of a class; tests use their own SKUs. The host
/// connects as the database's own service role (not a superuser), as a deployment does.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    public ScratchDatabase Database { get; private set; } = null!;

    public HostProcess Host { get; private set; } = null!;

    public string StoreId { get; private set; } = "";

    public static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["Allocation:Host:Storage"] = "Postgres",
        ["Allocation:Host:ConnectionString"] = connectionString,
        ["Allocation:Host:ClusterId"] = "e2e-" + Guid.NewGuid().ToString("N")[..8],
        ["Allocation:Demo:StockUnitsPerStore"] = "0",
        // Off by default (it costs the checkout path); the operations and access tests read it.
        ["Allocation:Telemetry:DashboardEnabled"] = "true",
    };

    public async Task InitializeAsync()
    {
        Database = await TestDatabases.CreateAsync(serviceRole: true);
        Host = await HostProcess.StartAsync(Settings(Database.ConnectionString));
        var stores = (await Host.Client.GetFromJsonAsync<List<StoreRow>>("/api/v1/stores"))!.Where(store => store.ClickAndCollect).ToList();
        StoreId = stores[0].StoreId;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Registers a SKU of the test's own, so tests sharing the host never share stock.</summary>
    public async Task<string> NewSkuAsync()
    {
        var sku = "E2E-" + Guid.NewGuid().ToString("N")[..10];
        var (response, _) = await Host.Client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "test item" });
        response.EnsureSuccessStatusCode();
        return sku;
    }

    private sealed record StoreRow(string StoreId, bool ClickAndCollect);
}
