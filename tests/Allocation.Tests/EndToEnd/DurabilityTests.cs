using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using System.Collections.Concurrent;
using System.Net;

namespace Allocation.Tests.EndToEnd;

/// <summary>An acknowledged hold survives the host: a clean stop, a kill -9, and a second start on the same database.</summary>
public sealed class DurabilityTests
{
    private const int LoadClients = 8;

    /// <summary>Holds acknowledged before the stop: by then every client has had answers, so load is running.</summary>
    private const int AcknowledgedBeforeStopMin = 40;

    private const int LoadStockUnits = 100_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reserve_HostStoppedOrKilled_HoldStillThereAfterRestart(bool kill)
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = RestartableSettings(database.ConnectionString);
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
        var again = await second.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("durable-1", sku, storeId, 3));
        Assert.Equal(HttpStatusCode.OK, again.Response.StatusCode);
        Assert.Equal(7, await second.Client.AvailableAsync(sku, storeId));
    }

    [Fact]
    public async Task Stop_DuringReservationLoad_EveryAcknowledgedHoldSurvivesRestart()
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = RestartableSettings(database.ConnectionString);
        var acknowledged = new ConcurrentQueue<string>();
        string sku, storeId;
        await using (var first = await HostProcess.StartAsync(settings))
        {
            (sku, storeId) = await StockAsync(first.Client, LoadStockUnits);
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clients = Enumerable.Range(0, LoadClients).Select(client => ReserveUntilRefusedAsync(first.Client, $"load-{client}", sku, storeId, acknowledged, enough)).ToList();
            await Task.WhenAny(enough.Task, Task.WhenAll(clients));
            Assert.True(enough.Task.IsCompleted, "the load never got going:" + Environment.NewLine + first.Output);

            Assert.Equal(0, await first.StopAsync());
            await Task.WhenAll(clients);
        }

        await using var second = await HostProcess.StartAsync(settings);
        foreach (var reservationId in acknowledged)
        {
            var (response, reservation) = await second.Client.SendAsync(HttpMethod.Get, $"/api/v1/reservations/{reservationId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Held", reservation!["status"]!.GetValue<string>());
        }

        // A hold may be durable yet unanswered (its connection closed by the stop), never the other way round.
        Assert.True(await second.Client.AvailableAsync(sku, storeId) <= LoadStockUnits - acknowledged.Count);
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

    /// <summary>Fixed cluster ports, so a second start on the same settings is a real restart of the same silo.</summary>
    private static Dictionary<string, string> RestartableSettings(string connectionString)
    {
        var settings = HostFixture.Settings(connectionString);
        settings["Allocation:Host:SiloPort"] = FreePorts.NextText();
        settings["Allocation:Host:GatewayPort"] = FreePorts.NextText();
        return settings;
    }

    private static async Task<(string Sku, string StoreId)> StockAndReserveAsync(HttpClient client)
    {
        var (sku, storeId) = await StockAsync(client, 10);
        var (response, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("durable-1", sku, storeId, 3));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (sku, storeId);
    }

    private static async Task<(string Sku, string StoreId)> StockAsync(HttpClient client, int units)
    {
        var sku = "DUR-" + Guid.NewGuid().ToString("N")[..8];
        (await client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "durable" })).Response.EnsureSuccessStatusCode();
        var storeId = (await client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        (await client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = units, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();
        return (sku, storeId);
    }

    /// <summary>One checkout client: holds one unit at a time, recording each 201, until the host answers otherwise or is gone.</summary>
    private static async Task ReserveUntilRefusedAsync(HttpClient client, string prefix, string sku, string storeId, ConcurrentQueue<string> acknowledged, TaskCompletionSource enough)
    {
        for (var attempt = 0; ; attempt++)
        {
            var reservationId = $"{prefix}-{attempt}";
            try
            {
                var (response, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body(reservationId, sku, storeId, 1));
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                return;
            }

            acknowledged.Enqueue(reservationId);
            if (acknowledged.Count >= AcknowledgedBeforeStopMin)
            {
                enough.TrySetResult();
            }
        }
    }

    private static object Body(string reservationId, string sku, string storeId, int quantity) =>
        new { reservationId, ttlSeconds = 3600, lines = new[] { new { sku, storeId, quantity } } };
}
