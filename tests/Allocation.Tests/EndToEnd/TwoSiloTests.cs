using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using System.Net;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// Scaling out is adding silos: two hosts on one database join one cluster through ADO.NET membership, and a SKU-store
/// has one activation cluster-wide, so holds taken through either host draw on the same units and never oversell.
/// </summary>
public sealed class TwoSiloTests
{
    private const int ActiveStatus = 3;

    [Fact]
    public async Task Reserve_ThroughEitherOfTwoSilos_SharesOneStockCountAndNeverOversells()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        await using var first = await HostProcess.StartAsync(settings);
        await using var second = await HostProcess.StartAsync(settings);
        var sku = "TWO-" + Guid.NewGuid().ToString("N")[..8];
        (await first.Client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "two silos" })).Response.EnsureSuccessStatusCode();
        var storeId = (await first.Client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        (await first.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = 10, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();

        var viaFirst = await first.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("two-1", sku, storeId, 3));
        var seenBySecond = await second.Client.SendAsync(HttpMethod.Get, "/api/v1/reservations/two-1");
        var viaSecond = await second.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("two-2", sku, storeId, 7));
        var oneTooMany = await first.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("two-3", sku, storeId, 1));

        var active = await database.ScalarAsync<long>($"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{settings["Allocation:Host:ClusterId"]}' AND status = {ActiveStatus}");
        Assert.Equal(2, active);
        Assert.Equal(HttpStatusCode.Created, viaFirst.Response.StatusCode);
        Assert.Equal("Held", seenBySecond.Body!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, viaSecond.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, oneTooMany.Response.StatusCode);
        Assert.Equal(0, await first.Client.AvailableAsync(sku, storeId));
        Assert.Equal(0, await second.Client.AvailableAsync(sku, storeId));
    }

    private static object Body(string id, string sku, string storeId, int quantity) =>
        new { reservationId = id, ttlSeconds = 3600, lines = new[] { new { sku, storeId, quantity } } };
}
