using System.Net.Http.Json;
using Allocation.Client;
using Allocation.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Client.Tests;

/// <summary>
/// One real host on a scratch database (the test kit's), and a service provider where the client is registered the way
/// a checkout service registers it: AddAllocationClient with the admin key. Tests keep apart by SKUs of their own.
/// </summary>
public sealed class ClientHostFixture : IAsyncLifetime
{
    private ScratchDatabase? database;

    public HostProcess Host { get; private set; } = null!;

    public ServiceProvider Services { get; private set; } = null!;

    public AllocationClient Client => Services.GetRequiredService<AllocationClient>();

    /// <summary>Two click-and-collect stores of the demo network.</summary>
    public IReadOnlyList<string> Stores { get; private set; } = [];

    public async Task InitializeAsync()
    {
        database = await ScratchDatabase.CreateAsync("client");
        Host = await HostProcess.StartAsync(Settings(database.ConnectionString));
        Services = NewServices(options => options.ApiKey = HostProcess.AdminKey);
        var stores = (await Client.ListStoresAsync()).Require();
        Stores = stores.Where(store => store.ClickAndCollect).Select(store => store.StoreId).Take(2).ToList();
    }

    public static Dictionary<string, string> Settings(string connectionString) => new()
    {
        ["Allocation:Host:Storage"] = "Postgres",
        ["Allocation:Host:ConnectionString"] = connectionString,
        ["Allocation:Host:ClusterId"] = "client-" + Guid.NewGuid().ToString("N")[..8],
        ["Allocation:Demo:StockUnitsPerStore"] = "0",
    };

    /// <summary>A provider with the client registered against this host; <paramref name="configure"/> sets the credential and more.</summary>
    public ServiceProvider NewServices(Action<AllocationClientOptions> configure, Action<IHttpClientBuilder>? handlers = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddAllocationClient(options =>
        {
            options.BaseAddress = Host.BaseAddress;
            options.RetryDelayMilliseconds = 100;
            // Five engineers share 2 cores: an attempt may take seconds, and one cut short would be retried (safely, but
            // a test asserting "Applied" would then see "AlreadyApplied").
            options.AttemptTimeoutSeconds = 60;
            options.TotalTimeoutSeconds = 300;
            configure(options);
        });
        handlers?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    /// <summary>A SKU of the test's own with <paramref name="units"/> received at <paramref name="storeId"/>.</summary>
    public async Task<string> StockedSkuAsync(string storeId, int units)
    {
        var sku = "CL-" + Guid.NewGuid().ToString("N")[..10];
        using (var response = await Host.Client.PutAsJsonAsync($"/api/v1/skus/{sku}", new { name = "client test item" }))
        {
            response.EnsureSuccessStatusCode();
        }

        if (units > 0)
        {
            (await Client.MoveStockAsync(new Stock.StockMovement(Stock.MovementKind.Receipt, sku, storeId, units, "grn-" + sku))).Require();
        }

        return sku;
    }

    /// <summary>An API key for store staff of <paramref name="storeIds"/>, made by the admin through the API.</summary>
    public async Task<string> StoreKeyAsync(params string[] storeIds)
    {
        using var response = await Host.Client.PostAsJsonAsync("/api/v1/keys", new { name = "client test staff", role = "store", storeIds });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
        return created!["key"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
