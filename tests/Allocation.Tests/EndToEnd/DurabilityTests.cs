using System.Net;
using Allocation.Tests.Infrastructure;

namespace Allocation.Tests.EndToEnd;

/// <summary>An acknowledged hold survives the host: a clean stop, a kill -9, and a second start on the same database.</summary>
public sealed class DurabilityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reserve_HostStoppedOrKilled_HoldStillThereAfterRestart(bool kill)
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Host:SiloPort"] = HostProcess.FreePortText();
        settings["Allocation:Host:GatewayPort"] = HostProcess.FreePortText();
        string sku, storeId;
        await using (var first = await HostProcess.StartAsync(settings))
        {
            (sku, storeId) = await StockAndReserveAsync(first.Client);
            if (kill)
            {
                await first.KillAsync();
            }
            else
            {
                Assert.Equal(0, await first.StopAsync());
            }
        }

        await using var second = await HostProcess.StartAsync(settings);
        var (response, reservation) = await second.Client.SendAsync(HttpMethod.Get, "/api/v1/reservations/durable-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Held", reservation!["status"]!.GetValue<string>());
        Assert.Equal(7, await second.Client.AvailableAsync(sku, storeId));
        var again = await second.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body(sku, storeId));
        Assert.Equal(HttpStatusCode.OK, again.Response.StatusCode);
        Assert.Equal(7, await second.Client.AvailableAsync(sku, storeId));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=postgres;Database=nowhere;Timeout=2", "could not be prepared")]
    [InlineData("this is not a connection string", "ConnectionString")]
    [InlineData("", "ConnectionString is missing")]
    public async Task Start_BadConnectionString_StopsWithOneClearLine(string connectionString, string expected)
    {
        var settings = HostFixture.Settings(connectionString);

        var (exitCode, output) = await HostProcess.RunToExitAsync(settings);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), text => text.StartsWith("allocation:", StringComparison.Ordinal));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<(string Sku, string StoreId)> StockAndReserveAsync(HttpClient client)
    {
        var sku = "DUR-" + Guid.NewGuid().ToString("N")[..8];
        (await client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "durable" })).Response.EnsureSuccessStatusCode();
        var storeId = (await client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        (await client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = 10, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();
        var (response, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body(sku, storeId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (sku, storeId);
    }

    private static object Body(string sku, string storeId) =>
        new { reservationId = "durable-1", ttlSeconds = 3600, lines = new[] { new { sku, storeId, quantity = 3 } } };
}
