using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// The store side over HTTP on PostgreSQL: a paid order sourced at one store for pickup at another goes through a
/// wave, pick, transfer, ready and handover; events appear in the feed; bad input names its field and changes nothing.
/// </summary>
public sealed class OrderApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Lifecycle_OverHttp_PaidToCollectedWithTransferEventsAndStockFollowing()
    {
        var (sku, source, pickup, orderId) = await PaidOrderAsync(units: 2);
        var paid = await Client.SendAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}");
        Assert.Equal("Paid", paid.Body!["state"]!.GetValue<string>());
        var list = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stores/{source}/pick-list");
        Assert.Contains(list.Body!["unassigned"]!.AsArray(), line => line!["orderId"]!.GetValue<string>() == orderId);

        var wave = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/{source}/waves", new { requestId = "w-" + orderId });
        Assert.Equal(HttpStatusCode.Created, wave.Response.StatusCode);
        Assert.Contains(wave.Body!["orderIds"]!.AsArray(), id => id!.GetValue<string>() == orderId);
        var pick = await Post($"/api/v1/stores/{source}/orders/{orderId}/picks", new { requestId = "p-" + orderId, sku, quantityFound = 2 });
        Assert.Equal("Picked", pick["outcome"]!.GetValue<string>());
        var transfers = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stores/{source}/transfers");
        Assert.Contains(transfers.Body!["outbound"]!.AsArray(), line => line!["orderId"]!.GetValue<string>() == orderId);
        Assert.Equal("InTransit", (await Post($"/api/v1/stores/{source}/orders/{orderId}/dispatch", new { requestId = "d-" + orderId }))["state"]!.GetValue<string>());
        var atPickup = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{pickup}");
        Assert.Equal((2, 0), (atPickup.Body!["inTransit"]!.GetValue<int>(), atPickup.Body["available"]!.GetValue<int>()));

        var ready = await Post($"/api/v1/stores/{pickup}/orders/{orderId}/receive", new { requestId = "r-" + orderId });
        Assert.Equal("Ready", ready["state"]!.GetValue<string>());
        Assert.NotNull(ready["collectBy"]);
        var handover = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stores/{pickup}/orders?state=ready");
        Assert.Contains(handover.Body!["orders"]!.AsArray(), order => order!["orderId"]!.GetValue<string>() == orderId);
        var code = await Client.SendAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}/pickup-code");
        Assert.Contains("<svg", code.Body!["qrSvg"]!.GetValue<string>(), StringComparison.Ordinal);
        var pickupCode = code.Body["code"]!.GetValue<string>();
        var wrong = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/{pickup}/orders/{orderId}/collect", new { requestId = "c1-" + orderId, pickupCode = pickupCode == "000000" ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.Conflict, wrong.Response.StatusCode);
        Assert.Equal((4, "Ready"), (wrong.Body!["attemptsRemaining"]!.GetValue<int>(), wrong.Body["state"]!.GetValue<string>()));

        var collected = await Post($"/api/v1/stores/{pickup}/orders/{orderId}/collect", new { requestId = "c2-" + orderId, pickupCode });

        Assert.Equal("Collected", collected["state"]!.GetValue<string>());
        var events = await EventsOfAsync(orderId);
        Assert.Equal(["order.ready", "order.collected"], events.Select(item => item["type"]!.GetValue<string>()));
        Assert.True(events[0]["sequence"]!.GetValue<long>() < events[1]["sequence"]!.GetValue<long>());
        Assert.Equal(1, await Client.AvailableAsync(sku, source));
        Assert.Equal(0, (await Client.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{pickup}")).Body!["inTransit"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadInput_OverHttp_NamesTheFieldAndChangesNothing()
    {
        var (sku, source, pickup, orderId) = await PaidOrderAsync(units: 1);

        var negative = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/{source}/orders/{orderId}/picks", new { requestId = "p1", sku, quantityFound = -1 });
        var tooMany = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/{source}/orders/{orderId}/picks", new { requestId = "p2", sku, quantityFound = 2 });
        var wrongStore = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/{pickup}/orders/{orderId}/picks", new { requestId = "p3", sku, quantityFound = 1 });
        var unknownStore = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/NO-SUCH-STORE/orders/{orderId}/picks", new { requestId = "p4", sku, quantityFound = 1 });
        var unknownOrder = await Client.SendAsync(HttpMethod.Get, "/api/v1/orders/no-such-order");
        var badCode = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/{pickup}/orders/{orderId}/collect", new { requestId = "c1", pickupCode = "12ab" });
        var early = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stores/{pickup}/orders/{orderId}/collect", new { requestId = "c2", pickupCode = "123456" });
        var noReason = await Client.SendAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel", new { requestId = "x1" });
        var badState = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stores/{pickup}/orders?state=lost");

        Assert.Equal((HttpStatusCode.BadRequest, "quantityFound"), (negative.Response.StatusCode, Assert.Single(negative.Body.ErrorFields())));
        Assert.Equal((HttpStatusCode.BadRequest, "quantityFound"), (tooMany.Response.StatusCode, Assert.Single(tooMany.Body.ErrorFields())));
        Assert.Equal((HttpStatusCode.NotFound, "storeId"), (wrongStore.Response.StatusCode, Assert.Single(wrongStore.Body.ErrorFields())));
        Assert.Equal((HttpStatusCode.NotFound, "storeId"), (unknownStore.Response.StatusCode, Assert.Single(unknownStore.Body.ErrorFields())));
        Assert.Equal((HttpStatusCode.NotFound, "orderId"), (unknownOrder.Response.StatusCode, Assert.Single(unknownOrder.Body.ErrorFields())));
        Assert.Equal((HttpStatusCode.BadRequest, "pickupCode"), (badCode.Response.StatusCode, Assert.Single(badCode.Body.ErrorFields())));
        Assert.Equal((HttpStatusCode.Conflict, "Paid"), (early.Response.StatusCode, early.Body!["state"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "reason"), (noReason.Response.StatusCode, Assert.Single(noReason.Body.ErrorFields())));
        Assert.Equal((HttpStatusCode.BadRequest, "state"), (badState.Response.StatusCode, Assert.Single(badState.Body.ErrorFields())));
        var order = await Client.SendAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}");
        Assert.Equal(("Paid", 0), (order.Body!["state"]!.GetValue<string>(), order.Body["version"]!.GetValue<int>()));
        var stock = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{source}");
        Assert.Equal((2, 1), (stock.Body!["onHand"]!.GetValue<int>(), stock.Body["committed"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Cancel_OverHttp_CustomerCancelsAPaidOrderAndTheUnitsAreSellableAgain()
    {
        var (sku, source, _, orderId) = await PaidOrderAsync(units: 2);

        var cancelled = await Post($"/api/v1/orders/{orderId}/cancel", new { requestId = "x-" + orderId, reason = "changed my mind" });
        var again = await Client.SendAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel", new { requestId = "x-" + orderId, reason = "another reason" });

        Assert.Equal("Cancelled", cancelled["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Equal(3, await Client.AvailableAsync(sku, source));
        Assert.Equal("order.cancelled", Assert.Single(await EventsOfAsync(orderId))["type"]!.GetValue<string>());
    }

    /// <summary>A paid order of a SKU of the test's own, its units at the second store (which has one unit more), collected at the first.</summary>
    private async Task<(string Sku, string Source, string Pickup, string OrderId)> PaidOrderAsync(int units)
    {
        var stores = (await Client.GetFromJsonAsync<List<StoreRow>>("/api/v1/stores"))!.Where(store => store.ClickAndCollect).Select(store => store.StoreId).ToList();
        var (pickup, source) = (stores[0], stores[1]);
        var sku = await fixture.NewSkuAsync();
        var receipt = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{source}/receipts", new { quantity = units + 1, documentId = "grn-" + sku });
        receipt.Response.EnsureSuccessStatusCode();
        var orderId = "o-" + sku;
        var reserve = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", new { reservationId = orderId, pickupStoreId = pickup, lines = new[] { new { sku, storeId = source, quantity = units } } });
        Assert.Equal(HttpStatusCode.Created, reserve.Response.StatusCode);
        (await Client.SendAsync(HttpMethod.Post, $"/api/v1/reservations/{orderId}/confirm")).Response.EnsureSuccessStatusCode();
        return (sku, source, pickup, orderId);
    }

    private async Task<JsonNode> Post(string path, object body)
    {
        var (response, answer) = await Client.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {answer.Text()}");
        return answer!;
    }

    private async Task<List<JsonNode>> EventsOfAsync(string orderId)
    {
        var page = await Client.SendAsync(HttpMethod.Get, "/api/v1/events?after=0&limit=1000");
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        return [.. page.Body!["events"]!.AsArray().Where(item => item!["orderId"]!.GetValue<string>() == orderId).Select(item => item!)];
    }

    private sealed record StoreRow(string StoreId, bool ClickAndCollect);
}
