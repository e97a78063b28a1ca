using Allocation.Page.Tests.Support;
using Microsoft.Playwright;
using System.Text.Json.Nodes;
using static Microsoft.Playwright.Assertions;

namespace Allocation.Page.Tests;

/// <summary>A store's day through the page against the real store-operations routes, on PostgreSQL.</summary>
[Collection(PageCollection.Name)]
public sealed class StoreFlowTests(PageFixture fixture)
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Order_PaidThenPickedReadiedAndHandedOverOnThePage_IsCollected()
    {
        var store = fixture.TakeStore();
        var sku = await Client.NewSkuAsync();
        await Client.ReceiveStockAsync(sku, store.StoreId, 10);
        var orderId = await Client.PaidOrderAsync(store.StoreId, (sku, 2));
        var waiting = new[] { await Client.PaidOrderAsync(store.StoreId, (sku, 1)), await Client.PaidOrderAsync(store.StoreId, (sku, 3)) };
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));
        await Expect(page.Count("waiting")).ToContainTextAsync("3");
        await Expect(page.Count("lines-to-pick")).ToContainTextAsync("3");
        await Expect(page.PickLine(orderId).GetByRole(AriaRole.Button, new() { Name = "Picked" })).ToHaveCountAsync(0); // not in a wave yet

        await page.StartWaveAsync();
        await page.PickLine(orderId).GetByRole(AriaRole.Button, new() { Name = "Picked 2" }).ClickAsync();
        await page.PickedOrder(orderId).GetByRole(AriaRole.Button, new() { Name = "Mark ready" }).ClickAsync();
        await Expect(page.ReadyOrder(orderId)).ToBeVisibleAsync();
        await Expect(page.Count("ready")).ToContainTextAsync("1");
        await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "store-page.png"), FullPage = true });
        var code = (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}/pickup-code"))!["code"]!.GetValue<string>();
        await page.HandOverAsync(orderId, code);

        await Expect(page.ReadyOrder(orderId)).ToHaveCountAsync(0);
        await Expect(page.Notice).ToContainTextAsync($"Order {orderId} handed over");
        Assert.Equal("Collected", await StateAsync(orderId));
        foreach (var other in waiting)
        {
            Assert.Equal("Picking", await StateAsync(other)); // in the wave, not picked: untouched by the handover
        }

        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task ShortPick_ReportedOnThePage_ShowsTheReallocationToAnotherStore()
    {
        var (pickup, neighbour) = fixture.TakeStoresOfOneCity();
        var sku = await Client.NewSkuAsync();
        var onlyAtNeighbour = await Client.NewSkuAsync();
        await Client.ReceiveStockAsync(sku, pickup.StoreId, 2);
        await Client.ReceiveStockAsync(onlyAtNeighbour, neighbour.StoreId, 1);
        // The neighbour's line sets the promise (its pick plus the courier), so a replacement from there is in time at
        // any hour of the day; the short SKU is stocked there only after the plan sourced it at the pickup store.
        var orderId = await Client.PaidOrderAsync(pickup.StoreId, (sku, 2), (onlyAtNeighbour, 1));
        await Client.ReceiveStockAsync(sku, neighbour.StoreId, 5);
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Phone));
        await page.OpenAsync(pickup.StoreId, await fixture.StoreKeyAsync(pickup.StoreId));
        await page.StartWaveAsync();

        var line = page.PickLine(orderId);
        await line.GetByRole(AriaRole.Button, new() { Name = "Short…" }).ClickAsync();
        await line.GetByLabel("Units found").FillAsync("1");
        await line.GetByRole(AriaRole.Button, new() { Name = "Report short" }).ClickAsync();

        await Expect(page.Page.GetByText($"Short by 1: re-allocated 1 × page test item ({sku}) from {neighbour.StoreId}")).ToBeVisibleAsync();
        await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "store-page-phone.png"), FullPage = true });
        var order = (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}"))!;
        Assert.Contains(order["lines"]!.AsArray(), moved => moved!["sku"]!.GetValue<string>() == sku && moved["sourceStoreId"]!.GetValue<string>() == neighbour.StoreId && moved["quantity"]!.GetValue<int>() == 1);
        Assert.False(order["late"]!.GetValue<bool>());
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Handover_WrongCode_IsRefusedWithTheTriesLeftAndTheOrderStaysReady()
    {
        var store = fixture.TakeStore();
        var sku = await Client.NewSkuAsync();
        await Client.ReceiveStockAsync(sku, store.StoreId, 3);
        var orderId = await ReadyOrderAsync(store.StoreId, sku, 1);
        var code = (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}/pickup-code"))!["code"]!.GetValue<string>();
        var wrong = code == "000000" ? "111111" : "000000";
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Phone));
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));

        await page.HandOverAsync(orderId, wrong);

        var row = page.ReadyOrder(orderId);
        await Expect(row.Locator(".problem[data-problem-for='general']")).ToContainTextAsync("4 tries left");
        Assert.Equal("Ready", await StateAsync(orderId));
        var order = (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}"))!;
        Assert.Equal(1, order["wrongCodeAttempts"]!.GetValue<int>());

        await page.HandOverAsync(orderId, "12ab"); // the wrong shape: a field problem beside the input, not counted
        await Expect(row.Locator("[data-problem-for='pickupCode']")).ToContainTextAsync("pickupCode");
        order = (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}"))!;
        Assert.Equal(1, order["wrongCodeAttempts"]!.GetValue<int>());
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Transfer_DispatchedAtTheSourceAndReceivedAtThePickupStore_MakesTheOrderReady()
    {
        var (pickup, source) = fixture.TakeStoresOfOneCity();
        var sku = await Client.NewSkuAsync();
        await Client.ReceiveStockAsync(sku, source.StoreId, 2);
        var orderId = await Client.PaidOrderAsync(pickup.StoreId, (sku, 2));
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Phone));
        await page.OpenAsync(source.StoreId, await fixture.StoreKeyAsync(source.StoreId, pickup.StoreId));
        await page.StartWaveAsync();
        await page.PickLine(orderId).GetByRole(AriaRole.Button, new() { Name = "Picked 2" }).ClickAsync();

        var toSend = page.Page.GetByTestId("dispatch-order").Filter(new() { HasText = orderId });
        await Expect(toSend).ToContainTextAsync($"to {pickup.StoreId}");
        await toSend.GetByRole(AriaRole.Button, new() { Name = "Dispatch" }).ClickAsync();
        await Expect(toSend).ToHaveCountAsync(0);
        Assert.Equal("InTransit", await StateAsync(orderId));
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Change store" }).ClickAsync();
        await page.ChooseAsync(pickup.StoreId);
        var toReceive = page.Page.GetByTestId("receive-order").Filter(new() { HasText = orderId });
        await Expect(toReceive).ToContainTextAsync($"from {source.StoreId}");
        await Expect(page.Count("in-transit")).ToContainTextAsync("1");
        await toReceive.GetByRole(AriaRole.Button, new() { Name = "Received" }).ClickAsync();

        await Expect(page.ReadyOrder(orderId)).ToBeVisibleAsync();
        Assert.Equal("Ready", await StateAsync(orderId));
        await page.Page.Context.CloseAsync();
    }

    /// <summary>
    /// The lists asked for when the store opened answer after the wave's own re-read (a slow first answer on a busy
    /// day): the page keeps the newer lists, so the picker sees the wave's lines, not the lists from before it.
    /// </summary>
    [Fact]
    public async Task StartWave_FirstListsAnswerAfterTheWave_PageKeepsTheWave()
    {
        var store = fixture.TakeStore();
        var sku = await Client.NewSkuAsync();
        await Client.ReceiveStockAsync(sku, store.StoreId, 2);
        var orderId = await Client.PaidOrderAsync(store.StoreId, (sku, 2));
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        var firstFetched = new TaskCompletionSource<IAPIResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pickLists = 0;
        await page.Page.RouteAsync($"**/api/v1/stores/{store.StoreId}/pick-list", async route =>
        {
            if (Interlocked.Increment(ref pickLists) > 1)
            {
                await route.ContinueAsync();
                return;
            }

            // The first list is read now, before the wave, and reaches the page only after the wave's re-read.
            firstFetched.SetResult(await route.FetchAsync());
            await firstAnswered.Task;
            await route.FulfillAsync(new RouteFulfillOptions { Response = await firstFetched.Task });
        });
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));
        await firstFetched.Task;

        await page.StartWaveAsync();
        var picked = page.PickLine(orderId).GetByRole(AriaRole.Button, new() { Name = "Picked 2" });
        await Expect(picked).ToBeVisibleAsync();
        var staleDelivered = page.Page.WaitForRequestFinishedAsync(new() { Predicate = request => request.Url.EndsWith("/pick-list", StringComparison.Ordinal) });
        firstAnswered.SetResult();
        await staleDelivered;
        await page.Page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 0))"); // one turn: the stale answer is handled

        await Expect(picked).ToBeVisibleAsync();
        await picked.ClickAsync();
        await Expect(page.PickedOrder(orderId)).ToBeVisibleAsync();
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Order_CancelledAtTheCounter_LeavesTheHandoverListWithTheReasonRequired()
    {
        var store = fixture.TakeStore();
        var sku = await Client.NewSkuAsync();
        await Client.ReceiveStockAsync(sku, store.StoreId, 1);
        var orderId = await ReadyOrderAsync(store.StoreId, sku, 1);
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));
        var row = page.ReadyOrder(orderId);
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel…" }).ClickAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync(); // no reason: refused, nothing changed
        await Expect(row.Locator("[data-problem-for='reason']")).ToContainTextAsync("reason");
        Assert.Equal("Ready", await StateAsync(orderId));
        await row.GetByLabel("Reason to cancel").FillAsync("customer changed their mind");
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();

        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Notice).ToContainTextAsync($"Order {orderId} cancelled");
        Assert.Equal("Cancelled", await StateAsync(orderId));
        await page.Page.Context.CloseAsync();
    }

    /// <summary>The lists are re-read (here the Refresh button; after any action too) while a reason is being typed: the text and its open form stay.</summary>
    [Fact]
    public async Task Refresh_WhileACancelReasonIsTyped_KeepsTheReasonAndCancels()
    {
        var store = fixture.TakeStore();
        var sku = await Client.NewSkuAsync();
        await Client.ReceiveStockAsync(sku, store.StoreId, 1);
        var orderId = await ReadyOrderAsync(store.StoreId, sku, 1);
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));
        var row = page.ReadyOrder(orderId);
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel…" }).ClickAsync();
        await row.GetByLabel("Reason to cancel").FillAsync("damaged in the store");
        var reRead = page.Page.WaitForResponseAsync(response => response.Url.EndsWith($"/stores/{store.StoreId}/orders", StringComparison.Ordinal));

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await reRead;

        await Expect(row.GetByLabel("Reason to cancel")).ToHaveValueAsync("damaged in the store");
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal("Cancelled", await StateAsync(orderId));
        await page.Page.Context.CloseAsync();
    }

    /// <summary>A paid order picked and marked ready at its own store over the API, as another member of staff would.</summary>
    private async Task<string> ReadyOrderAsync(string storeId, string sku, int quantity)
    {
        var orderId = await Client.PaidOrderAsync(storeId, (sku, quantity));
        await Client.SucceedAsync(HttpMethod.Post, $"/api/v1/stores/{storeId}/waves", new { requestId = "wave-" + orderId });
        await Client.SucceedAsync(HttpMethod.Post, $"/api/v1/stores/{storeId}/orders/{orderId}/picks", new { requestId = "pick-" + orderId, sku, quantityFound = quantity });
        await Client.SucceedAsync(HttpMethod.Post, $"/api/v1/stores/{storeId}/orders/{orderId}/ready", new { requestId = "ready-" + orderId });
        return orderId;
    }

    private async Task<string> StateAsync(string orderId) =>
        (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}"))!["state"]!.GetValue<string>();
}
