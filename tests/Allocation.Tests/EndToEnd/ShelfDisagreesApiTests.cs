using System.Net;
using System.Text.Json.Nodes;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// The shelf is the truth, over HTTP on PostgreSQL: a till sale, a count, an adjustment or a receipt at the SKU-store
/// of an order being picked, then a pick with whatever the picker found. Every step answers 2xx or a 4xx naming why,
/// never a 5xx; the stock's committed units always equal the order's open lines there, and a cancel leaves none.
/// </summary>
public sealed class ShelfDisagreesApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const int LineUnits = 5;

    private HttpClient Client => fixture.Host.Client;

    /// <summary>Issue 18, "Measured" 1: receipt 5, reserve 5, confirm, wave, till sale 3, the picker finds 3.</summary>
    [Fact]
    public async Task Pick_TillSoldDuringTheWave_AnswersOkAndCancelLeavesNothingCommitted()
    {
        var (sku, store, orderId) = await OrderInAWaveAsync();
        var sale = await OkAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/sales", new { quantity = 3, documentId = "till-" + sku });
        Assert.Equal(3, sale["shortfall"]!.GetValue<int>());

        var pick = await OkAsync(HttpMethod.Post, $"/api/v1/stores/{store}/orders/{orderId}/picks", new { requestId = "p-" + orderId, sku, quantityFound = 3 });

        Assert.Equal(2, pick["shortQuantity"]!.GetValue<int>());
        var stock = await StockAsync(sku, store);
        Assert.Equal((0, 0), (stock["onHand"]!.GetValue<int>(), stock["committed"]!.GetValue<int>()));
        await OkAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = 1, documentId = "late-" + sku });
        await StoreListsAnswerAsync(store);
        await AssertCommittedMatchesOpenLinesAsync(sku, store, orderId);
        var cancelled = await OkAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel", new { requestId = "x-" + orderId, reason = "customer asked" });
        Assert.Equal("Cancelled", cancelled["state"]!.GetValue<string>());
        // The paid reservation's read follows its order: Released once the order was cancelled.
        var reservation = await OkAsync(HttpMethod.Get, $"/api/v1/reservations/{orderId}", null);
        Assert.Equal(("Released", "Cancelled"), (reservation["status"]!.GetValue<string>(), reservation["orderState"]!.GetValue<string>()));
        var after = await StockAsync(sku, store);
        // The 3 picked units go back on the shelf, next to the late receipt's 1.
        Assert.Equal((4, 0, 0), (after["onHand"]!.GetValue<int>(), after["committed"]!.GetValue<int>(), after["shortfall"]!.GetValue<int>()));
    }

    /// <summary>
    /// Whatever reached the SKU-store before the pick, any found quantity 0..line succeeds: the book's on hand is raised
    /// to what was found when it believed less, the missing units are written off as far as it had them.
    /// </summary>
    [Theory]
    [InlineData("counts", 1, 5, 0)]
    [InlineData("counts", 0, 0, 0)]
    [InlineData("adjustments", -4, 0, 0)]
    [InlineData("adjustments", -4, 1, 0)]
    [InlineData("receipts", 3, 2, 3)]
    [InlineData("sales", 5, 5, 0)]
    [InlineData("sales", 2, 4, 0)]
    [InlineData("receipts", 1, 5, 1)]
    public async Task Pick_ShelfMovedBeforeIt_AnswersOkAndCountsStayConsistent(string movement, int quantity, int found, int onHandAfterPick)
    {
        var (sku, store, orderId) = await OrderInAWaveAsync();
        await OkAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/{movement}", new { quantity, documentId = "m-" + sku, reason = movement == "adjustments" ? "damaged" : null });

        await OkAsync(HttpMethod.Post, $"/api/v1/stores/{store}/orders/{orderId}/picks", new { requestId = "p-" + orderId, sku, quantityFound = found });

        var stock = await StockAsync(sku, store);
        Assert.Equal(onHandAfterPick, stock["onHand"]!.GetValue<int>());
        await AssertCommittedMatchesOpenLinesAsync(sku, store, orderId);
        await StoreListsAnswerAsync(store);
        var cancel = await Client.SendAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel", new { requestId = "x-" + orderId, reason = "customer asked" });
        Assert.True(cancel.Response.IsSuccessStatusCode || cancel.Response.StatusCode == HttpStatusCode.Conflict, $"cancel: {(int)cancel.Response.StatusCode} {cancel.Body.Text()}");
        Assert.Equal("Cancelled", (await OrderAsync(orderId))["state"]!.GetValue<string>());
        var after = await StockAsync(sku, store);
        Assert.Equal((0, 0), (after["committed"]!.GetValue<int>(), after["held"]!.GetValue<int>()));
        Assert.Equal(onHandAfterPick + found, after["onHand"]!.GetValue<int>());
    }

    /// <summary>
    /// Issue 18 M3: the documents an order moves stock under live in the service's own namespace, so a store key that
    /// posts documents named like them first neither is refused for the old form nor blocks the handover.
    /// </summary>
    [Fact]
    public async Task Collect_ClientPostedDocumentsNamedLikeTheOrders_HandsOverAnyway()
    {
        var (sku, store, orderId) = await OrderInAWaveAsync();
        await OkAsync(HttpMethod.Post, $"/api/v1/stores/{store}/orders/{orderId}/picks", new { requestId = "p-" + orderId, sku, quantityFound = LineUnits });
        await OkAsync(HttpMethod.Post, $"/api/v1/stores/{store}/orders/{orderId}/ready", new { requestId = "ready-" + orderId });

        await OkAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = 1, documentId = orderId + ":h0" });
        var planted = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = 1, documentId = orderId + "~h0" });

        Assert.Equal((HttpStatusCode.BadRequest, "documentId"), (planted.Response.StatusCode, Assert.Single(planted.Body.ErrorFields())));
        var code = (await OkAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}/pickup-code", null))["code"]!.GetValue<string>();
        var collected = await OkAsync(HttpMethod.Post, $"/api/v1/stores/{store}/orders/{orderId}/collect", new { requestId = "c-" + orderId, pickupCode = code });
        Assert.Equal("Collected", collected["state"]!.GetValue<string>());
        Assert.Equal("Collected", (await OrderAsync(orderId))["state"]!.GetValue<string>());
        Assert.Equal("Collected", (await OkAsync(HttpMethod.Get, $"/api/v1/reservations/{orderId}", null))["orderState"]!.GetValue<string>());
    }

    private async Task<(string Sku, string Store, string OrderId)> OrderInAWaveAsync()
    {
        var store = fixture.StoreId;
        var sku = await fixture.NewSkuAsync();
        var orderId = "shelf-" + sku;
        await OkAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = LineUnits, documentId = "grn-" + sku });
        await OkAsync(HttpMethod.Post, "/api/v1/reservations", new { reservationId = orderId, lines = new[] { new { sku, storeId = store, quantity = LineUnits } } });
        await OkAsync(HttpMethod.Post, $"/api/v1/reservations/{orderId}/confirm", null);
        var wave = await OkAsync(HttpMethod.Post, $"/api/v1/stores/{store}/waves", new { requestId = "w-" + orderId });
        Assert.Contains(wave["orderIds"]!.AsArray(), id => id!.GetValue<string>() == orderId);
        Assert.Equal("Picking", (await OrderAsync(orderId))["state"]!.GetValue<string>());
        return (sku, store, orderId);
    }

    private async Task StoreListsAnswerAsync(string store)
    {
        await OkAsync(HttpMethod.Get, $"/api/v1/stores/{store}/pick-list", null);
        await OkAsync(HttpMethod.Get, $"/api/v1/stores/{store}/transfers", null);
        await OkAsync(HttpMethod.Get, $"/api/v1/stores/{store}/orders", null);
    }

    private async Task AssertCommittedMatchesOpenLinesAsync(string sku, string store, string orderId)
    {
        var order = await OrderAsync(orderId);
        var openHere = order["lines"]!.AsArray().Where(line => line!["sku"]!.GetValue<string>() == sku && line["sourceStoreId"]!.GetValue<string>() == store && line["state"]!.GetValue<string>() == "Committed")
            .Sum(line => line!["quantity"]!.GetValue<int>());
        Assert.Equal(openHere, (await StockAsync(sku, store))["committed"]!.GetValue<int>());
    }

    private Task<JsonNode> OrderAsync(string orderId) => OkAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}", null);

    private Task<JsonNode> StockAsync(string sku, string store) => OkAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{store}", null);

    private async Task<JsonNode> OkAsync(HttpMethod method, string path, object? body)
    {
        var (response, answer) = await Client.SendAsync(method, path, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {answer.Text()}");
        return answer!;
    }
}
