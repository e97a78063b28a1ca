using System.Net;
using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// Issue 21: a movement document is applied once, ever. The stock book forgets documents after
/// FinishedRetentionMinutes (24 h by default); a repeat after that is recognised from the ledger, over HTTP, on the
/// real host with a fake business clock and PostgreSQL.
/// </summary>
public sealed class DocumentIdempotencyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Receipt_RepeatedAfterRetentionWindow_IsNotAppliedAgain()
    {
        var time = new FakeTimeProvider(Start);
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        await using var host = await InProcessHost.StartAsync(HostFixture.Settings(database.ConnectionString), time);
        var (sku, store) = await NewSkuAndStoreAsync(host.Client);
        var receipt = new { quantity = 10, documentId = "grn-" + sku };

        var (first, firstBody) = await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", receipt);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Applied", firstBody!["outcome"]!.GetValue<string>());

        // Past the default window (24 h), then a read: the book prunes what it remembers on every call.
        time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(10, await OnHandAsync(host.Client, sku, store));

        var (repeat, repeatBody) = await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", receipt);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("AlreadyApplied", repeatBody!["outcome"]!.GetValue<string>());
        Assert.Equal(10, await OnHandAsync(host.Client, sku, store));

        // The same id for a different movement is still a conflict, a year later.
        time.Advance(TimeSpan.FromDays(365));
        var (conflict, _) = await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = 5, documentId = receipt.documentId });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(10, await OnHandAsync(host.Client, sku, store));

        // A new document is applied as before.
        var (next, nextBody) = await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = 3, documentId = "grn2-" + sku });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("Applied", nextBody!["outcome"]!.GetValue<string>());
        Assert.Equal(13, await OnHandAsync(host.Client, sku, store));

        // The promise is in the API's own description.
        var (_, document) = await host.Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        var described = document!["paths"]!["/api/v1/stock/{sku}/stores/{storeId}/receipts"]!["post"]!["description"]!.GetValue<string>();
        Assert.Contains("no time limit", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sale_RepeatedAfterRestartAndWindow_IsNotAppliedAgain()
    {
        var time = new FakeTimeProvider(Start);
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        var settings = HostFixture.Settings(database.ConnectionString);
        string sku, store;
        await using (var host = await InProcessHost.StartAsync(settings, time))
        {
            (sku, store) = await NewSkuAndStoreAsync(host.Client);
            await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = 10, documentId = "grn-" + sku });
            var (sale, _) = await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/sales", new { quantity = 4, documentId = "till-" + sku });
            Assert.Equal(HttpStatusCode.OK, sale.StatusCode);
        }

        // A new host replays the ledger (the snapshot and the replay carry the old documents' times), a week later.
        time.Advance(TimeSpan.FromDays(7));
        await using var restarted = await InProcessHost.StartAsync(HostFixture.Settings(database.ConnectionString), time);
        var (repeat, repeatBody) = await restarted.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/sales", new { quantity = 4, documentId = "till-" + sku });
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("AlreadyApplied", repeatBody!["outcome"]!.GetValue<string>());
        Assert.Equal(6, await OnHandAsync(restarted.Client, sku, store));
    }

    private static async Task<(string Sku, string Store)> NewSkuAndStoreAsync(HttpClient client)
    {
        var sku = "IDEM-" + Guid.NewGuid().ToString("N")[..10];
        var (created, _) = await client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "idempotency item" });
        created.EnsureSuccessStatusCode();
        var (listed, stores) = await client.SendAsync(HttpMethod.Get, "/api/v1/stores");
        listed.EnsureSuccessStatusCode();
        return (sku, stores!.AsArray()[0]!["storeId"]!.GetValue<string>());
    }

    private static async Task<int> OnHandAsync(HttpClient client, string sku, string store)
    {
        var (response, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{store}");
        response.EnsureSuccessStatusCode();
        return body!["onHand"]!.GetValue<int>();
    }
}
