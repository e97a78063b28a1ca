using Allocation.Tests.Infrastructure;
using System.Net;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// A cluster that starts and stays up on a PostgreSQL server with few connections: hosts size their pools from the
/// server's limit (or refuse, in one line, a size that cannot fit), start together with the demo seeding, and a storage
/// failure inside a grain activation answers that call 503 on any host, never ending one.
/// </summary>
public sealed class ClusterStartTests
{
    /// <summary>Small next to Npgsql's default pools (2 x 100 a host): the three hosts below used to ask for 600.</summary>
    private const int ServerMaxConnections = 60;

    private static readonly string[] HostAddresses = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];

    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_ThreeHostsAtOnceOnSmallServer_AllComeUpAndServe()
    {
        await using var cluster = await TemporaryPostgresCluster.StartAsync(ServerMaxConnections);
        var settings = await ServiceDatabaseAsync(cluster);
        // The demo seeding with stock, as the README's set-up runs it (fewer SKUs, to stay quick on two cores): what
        // exhausted the server before.
        settings["Allocation:Demo:StockUnitsPerStore"] = "20";
        settings["Allocation:Demo:SkuCount"] = "1";
        var starting = HostAddresses.Select(address => HostProcess.StartAsync(new Dictionary<string, string>(settings) { [HostProcess.AdvertisedAddressKey] = address })).ToList();
        var hosts = new List<HostProcess>();
        try
        {
            foreach (var start in starting)
            {
                hosts.Add(await start);
            }

            foreach (var host in hosts)
            {
                Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);
                var stores = await host.Client.SendAsync(HttpMethod.Get, "/api/v1/stores");
                Assert.Equal(HttpStatusCode.OK, stores.Response.StatusCode);
                Assert.DoesNotContain("Hosting failed to start", host.Output, StringComparison.Ordinal);
            }

            var stock = await hosts[2].Client.SendAsync(HttpMethod.Get, "/api/v1/stock/SKU-0001/stores/S001");
            Assert.Equal(HttpStatusCode.OK, stock.Response.StatusCode);
        }
        finally
        {
            foreach (var start in starting)
            {
                try
                {
                    await (await start).DisposeAsync();
                }
                catch (InvalidOperationException)
                {
                    // It did not start; the assertion above already failed with its output.
                }
            }
        }
    }

    [Fact]
    public async Task Start_PoolSizeBeyondServerLimit_ExitsNamingTheSetting()
    {
        await using var cluster = await TemporaryPostgresCluster.StartAsync(ServerMaxConnections);
        var settings = await ServiceDatabaseAsync(cluster);
        settings["Allocation:Host:ConnectionString"] += ";Maximum Pool Size=100";

        var (exitCode, output) = await HostProcess.RunToExitAsync(settings);

        Assert.Equal(1, exitCode);
        Assert.Contains("Maximum Pool Size", output, StringComparison.Ordinal);
        Assert.Contains("max_connections", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activate_StorageRefusesConnections_503OnEveryHostAndHostsStayUp()
    {
        await using var cluster = await TemporaryPostgresCluster.StartAsync(ServerMaxConnections);
        var settings = await ServiceDatabaseAsync(cluster);
        await using var first = await HostProcess.StartAsync(new Dictionary<string, string>(settings) { [HostProcess.AdvertisedAddressKey] = HostAddresses[0] });
        await using var second = await HostProcess.StartAsync(new Dictionary<string, string>(settings) { [HostProcess.AdvertisedAddressKey] = HostAddresses[1] });
        var storeId = (await first.Client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        // Enough SKU-stores that some activate on each host: their first read is the activation's.
        var skus = Enumerable.Range(0, 8).Select(index => $"ACT-{index}-" + Guid.NewGuid().ToString("N")[..8]).ToList();
        foreach (var sku in skus)
        {
            (await first.Client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "activation" })).Response.EnsureSuccessStatusCode();
        }

        // The service role may open no connection, and loses the ones it has: every new read fails with 53300.
        await cluster.ExecuteAdminAsync($"ALTER ROLE {ServiceRole} CONNECTION LIMIT 0");
        await cluster.ExecuteAdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{ServiceRole}'");
        var during = new List<HttpStatusCode>();
        foreach (var (index, sku) in skus.Index())
        {
            var host = index % 2 == 0 ? first : second;
            during.Add((await host.Client.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{storeId}")).Response.StatusCode);
        }

        await cluster.ExecuteAdminAsync($"ALTER ROLE {ServiceRole} CONNECTION LIMIT -1");
        var after = new List<HttpStatusCode>();
        foreach (var sku in skus)
        {
            after.Add(await EventuallyOkAsync(first.Client, $"/api/v1/stock/{sku}/stores/{storeId}"));
            after.Add(await EventuallyOkAsync(second.Client, $"/api/v1/stock/{sku}/stores/{storeId}"));
        }

        Assert.All(during, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.All(after, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.DoesNotContain("CodecNotFoundException", first.Output + second.Output, StringComparison.Ordinal);
    }

    private const string ServiceRole = "cluster_service";

    /// <summary>A database owned by a login role that is not a superuser (a connection limit binds it), and host settings on it.</summary>
    private static async Task<Dictionary<string, string>> ServiceDatabaseAsync(TemporaryPostgresCluster cluster)
    {
        var database = "start_" + Guid.NewGuid().ToString("N")[..12];
        return HostFixture.Settings(await cluster.CreateServiceDatabaseAsync(database, ServiceRole));
    }

    private static async Task<HttpStatusCode> EventuallyOkAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow + RecoveryTimeout;
        while (true)
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
