using Allocation.Page.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allocation.Page.Tests;

/// <summary>The page at the shelf (issue 18): product names, a wave per product, and the customer's QR code scanned or typed.</summary>
[Collection(PageCollection.Name)]
public sealed class ShelfPageTests(PageFixture fixture)
{
    /// <summary>Takes BarcodeDetector away, as in a browser without it (Firefox, Chromium on Linux desktops).</summary>
    private const string WithoutBarcodeDetector = "delete window.BarcodeDetector; window.BarcodeDetector = undefined;";

    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Wave_SeveralOrdersOfTwoProducts_LinesGroupedBySkuWithTheirNames()
    {
        var store = fixture.TakeStore();
        var mug = await Client.NewSkuAsync("Blue enamel mug");
        var towel = await Client.NewSkuAsync("Linen tea towel");
        await Client.ReceiveStockAsync(mug, store.StoreId, 10);
        await Client.ReceiveStockAsync(towel, store.StoreId, 10);
        var first = await Client.PaidOrderAsync(store.StoreId, (mug, 2), (towel, 1));
        var second = await Client.PaidOrderAsync(store.StoreId, (mug, 1));
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));

        await page.StartWaveAsync();

        var mugs = page.Page.GetByTestId("sku-group").And(page.Page.Locator($"[data-sku='{mug}']"));
        var towels = page.Page.GetByTestId("sku-group").And(page.Page.Locator($"[data-sku='{towel}']"));
        await Expect(mugs.Locator(".sku-head")).ToContainTextAsync($"Blue enamel mug ({mug})");
        await Expect(mugs.Locator(".sku-head")).ToContainTextAsync("take 3 units for 2 orders");
        await Expect(mugs.GetByTestId("pick-line")).ToHaveCountAsync(2);
        await Expect(mugs.GetByTestId("pick-line").Filter(new() { HasText = first })).ToContainTextAsync("2 × Blue enamel mug");
        await Expect(mugs.GetByTestId("pick-line").Filter(new() { HasText = second })).ToContainTextAsync("1 × Blue enamel mug");
        await Expect(towels.GetByTestId("pick-line")).ToHaveCountAsync(1);
        await Expect(towels.GetByTestId("pick-line")).ToContainTextAsync("1 × Linen tea towel");
        // Every line of the page that names a SKU names its product too, the lines not yet in a wave included.
        var lines = await page.Page.GetByTestId("pick-line").AllInnerTextsAsync();
        Assert.All(lines.Where(text => text.Contains(mug, StringComparison.Ordinal)), text => Assert.Contains("Blue enamel mug", text, StringComparison.Ordinal));

        await mugs.GetByTestId("pick-line").Filter(new() { HasText = second }).GetByRole(AriaRole.Button, new() { Name = "Picked 1" }).ClickAsync();
        await Expect(mugs.Locator(".sku-head")).ToContainTextAsync("take 2 units for 1 order");
        await Expect(page.Notice).ToContainTextAsync($"Picked 1 × Blue enamel mug ({mug}) for {second}");
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Handover_BrowserWithoutBarcodeDetector_ScanHiddenAndTheTypedCodeHandsOver()
    {
        var (store, orderId, code) = await ReadyOrderAsync();
        var raw = await fixture.NewPageAsync(PageFixture.Phone);
        await raw.AddInitScriptAsync(WithoutBarcodeDetector);
        var page = new StorePage(raw);
        await page.OpenAsync(store, await fixture.StoreKeyAsync(store));

        var scan = page.ReadyOrder(orderId).GetByRole(AriaRole.Button, new() { Name = "Scan code", IncludeHidden = true });
        await Expect(scan).ToBeHiddenAsync();
        await Expect(scan).ToBeDisabledAsync();
        await page.HandOverAsync(orderId, code);

        await Expect(page.Notice).ToContainTextAsync($"Order {orderId} handed over");
        Assert.Equal("Collected", await StateAsync(orderId));
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Handover_CameraScanWithBarcodeDetector_SubmitsTheScannedCode()
    {
        var (store, orderId, code) = await ReadyOrderAsync();
        var raw = await fixture.NewPageAsync(PageFixture.Phone);
        // The device: a camera whose frames a stub detector reads as the customer's QR code (what Chromium on a phone does).
        await raw.AddInitScriptAsync($$"""
            window.__detected = [];
            window.BarcodeDetector = class {
              constructor(options) { window.__detectorFormats = options?.formats ?? []; }
              async detect(source) { window.__detected.push(source?.tagName); return [{ rawValue: "{{code}}", format: "qr_code" }]; }
            };
            navigator.mediaDevices.getUserMedia = async () => { const canvas = document.createElement("canvas"); canvas.width = 8; canvas.height = 8; return canvas.captureStream(5); };
            """);
        var page = new StorePage(raw);
        await page.OpenAsync(store, await fixture.StoreKeyAsync(store));
        var handovers = new List<string>();
        raw.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/collect", StringComparison.Ordinal))
            {
                handovers.Add(request.PostData ?? "");
            }
        };

        var scan = page.ReadyOrder(orderId).GetByRole(AriaRole.Button, new() { Name = "Scan code" });
        await Expect(scan).ToBeEnabledAsync();
        await scan.ClickAsync();

        await Expect(page.Notice).ToContainTextAsync($"Order {orderId} handed over");
        Assert.Equal("Collected", await StateAsync(orderId));
        Assert.Contains($"\"pickupCode\":\"{code}\"", Assert.Single(handovers), StringComparison.Ordinal);
        Assert.Equal(["qr_code"], await raw.EvaluateAsync<string[]>("window.__detectorFormats"));
        Assert.Equal("VIDEO", (await raw.EvaluateAsync<string[]>("window.__detected"))[0]);
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Handover_CameraRefused_SaysToTypeTheCodeAndChangesNothing()
    {
        var (store, orderId, _) = await ReadyOrderAsync();
        var raw = await fixture.NewPageAsync(PageFixture.Phone);
        await raw.AddInitScriptAsync("""
            window.BarcodeDetector = class { async detect() { return []; } };
            navigator.mediaDevices.getUserMedia = async () => { throw new DOMException("denied", "NotAllowedError"); };
            """);
        var page = new StorePage(raw);
        await page.OpenAsync(store, await fixture.StoreKeyAsync(store));

        await page.ReadyOrder(orderId).GetByRole(AriaRole.Button, new() { Name = "Scan code" }).ClickAsync();

        await Expect(page.ReadyOrder(orderId).Locator("[data-problem-for='pickupCode']")).ToContainTextAsync("NotAllowedError");
        await Expect(page.ReadyOrder(orderId).Locator("[data-problem-for='pickupCode']")).ToContainTextAsync("type the code");
        Assert.Equal("Ready", await StateAsync(orderId));
        await page.Page.Context.CloseAsync();
    }

    /// <summary>A paid order picked and marked ready at its own store over the API, and the code checkout shows its customer.</summary>
    private async Task<(string StoreId, string OrderId, string Code)> ReadyOrderAsync()
    {
        var store = fixture.TakeStore();
        var sku = await Client.NewSkuAsync("Stoneware bowl");
        await Client.ReceiveStockAsync(sku, store.StoreId, 2);
        var orderId = await Client.PaidOrderAsync(store.StoreId, (sku, 1));
        await Client.SucceedAsync(HttpMethod.Post, $"/api/v1/stores/{store.StoreId}/waves", new { requestId = "wave-" + orderId });
        await Client.SucceedAsync(HttpMethod.Post, $"/api/v1/stores/{store.StoreId}/orders/{orderId}/picks", new { requestId = "pick-" + orderId, sku, quantityFound = 1 });
        await Client.SucceedAsync(HttpMethod.Post, $"/api/v1/stores/{store.StoreId}/orders/{orderId}/ready", new { requestId = "ready-" + orderId });
        var code = (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}/pickup-code"))!["code"]!.GetValue<string>();
        return (store.StoreId, orderId, code);
    }

    private async Task<string> StateAsync(string orderId) =>
        (await Client.SucceedAsync(HttpMethod.Get, $"/api/v1/orders/{orderId}"))!["state"]!.GetValue<string>();
}
