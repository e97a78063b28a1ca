using Allocation.Page.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Allocation.Page.Tests;

/// <summary>The page itself: served by the host, signs in, picks a store, reads at a glance at desktop and phone width.</summary>
[Collection(PageCollection.Name)]
public sealed class StorePageTests(PageFixture fixture)
{
    [Theory]
    [InlineData("/store", "text/html")]
    [InlineData("/store/", "text/html")]
    [InlineData("/store/store.js", "text/javascript")]
    [InlineData("/store/store.css", "text/css")]
    public async Task Asset_Requested_IsServedByTheHostWithAStrictContentPolicy(string path, string contentType)
    {
        using var response = await fixture.Host.Client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.True(response.Headers.ETag is not null, "an ETag lets a store PC revalidate instead of downloading again");
    }

    [Fact]
    public async Task Asset_RequestedAgainWithItsETag_IsNotModified()
    {
        using var first = await fixture.Host.Client.GetAsync("/store/store.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/store/store.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await fixture.Host.Client.SendAsync(again);

        Assert.Equal(System.Net.HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/store/nothing.js")]
    [InlineData("/store/..%2Fappsettings.json")]
    public async Task Asset_Unknown_IsNotFound(string path)
    {
        using var response = await fixture.Host.Client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Page_Opened_OffersTheStoresOfTheCredentialAndOpensTheChosenOne()
    {
        var store = fixture.TakeStore();
        var other = fixture.TakeStore();
        var key = await fixture.StoreKeyAsync(store.StoreId, other.StoreId);
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        var requested = new List<string>();
        page.Page.Request += (_, request) => requested.Add(request.Url);

        await page.GoToStoreChoiceAsync(key);

        // A store key offers its own stores; while the API is open, every store of the tenant.
        var offered = fixture.AuthenticationRequired ? [store.StoreId, other.StoreId] : fixture.Stores.Select(row => row.StoreId).ToArray();
        Assert.Equal(offered.Order(StringComparer.Ordinal), (await page.StoreOptions.EvaluateAllAsync<string[]>("options => options.map(option => option.value)")).Order(StringComparer.Ordinal));
        await page.ChooseAsync(store.StoreId);
        await Expect(page.Work).ToBeVisibleAsync();
        await Expect(page.Page.GetByTestId("current-store")).ToContainTextAsync($"{store.StoreId} · {store.Name}");
        Assert.All(requested, url => Assert.StartsWith(fixture.Host.BaseAddress.ToString(), url, StringComparison.Ordinal));
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Page_ApiKeyEntered_IsKeptInSessionStorageAndSentOnEveryCall()
    {
        var store = fixture.TakeStore();
        var key = await fixture.StoreKeyAsync(store.StoreId) ?? "staff-key-123"; // an open API ignores the key
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        var apiCalls = new List<Microsoft.Playwright.IRequest>();
        page.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/", StringComparison.Ordinal))
            {
                apiCalls.Add(request);
            }
        };
        await page.Page.GotoAsync("/store");
        await Expect(page.Page.Locator("#sign-in, #choose-store").Filter(new() { Visible = true })).ToHaveCountAsync(1);
        apiCalls.Clear();

        await page.SignInAsync(key);
        if (!fixture.AuthenticationRequired)
        {
            await page.ChooseAsync(store.StoreId);
        }

        await Expect(page.Work).ToBeVisibleAsync();
        await Expect(page.Page.GetByTestId("waves")).Not.ToBeEmptyAsync();
        Assert.Equal(key, await page.Page.EvaluateAsync<string>("sessionStorage.getItem('allocation.apiKey')"));
        Assert.Contains(apiCalls, call => call.Url.EndsWith("/pick-list", StringComparison.Ordinal));
        Assert.All(apiCalls, call => Assert.Equal(key, call.Headers.GetValueOrDefault("x-api-key")));
        await Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.Page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(401, "401")]
    [InlineData(403, "403")]
    public async Task Page_ApiRefusesTheCredential_SaysSoAndReturnsToSignIn(int status, string shown)
    {
        var store = fixture.TakeStore();
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        await page.Page.RouteAsync($"**/api/v1/stores/{store.StoreId}/pick-list", route =>
            StoreApiStub.Answer(route, status, new { type = "https://allocation.example/problems/unauthorized", title = "Not signed in", status }));

        await page.GoToStoreChoiceAsync(await fixture.StoreKeyAsync(store.StoreId));
        if (await page.Page.Locator("#choose-store").IsVisibleAsync())
        {
            await page.ChooseAsync(store.StoreId);
        }

        await Expect(page.SignIn).ToBeVisibleAsync();
        await Expect(page.Work).ToBeHiddenAsync();
        await Expect(page.Notice).ToContainTextAsync(shown);
        Assert.Null(await page.Page.EvaluateAsync<string?>("sessionStorage.getItem('allocation.apiKey')"));
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task PickList_DeadlinesOfThreeUrgencies_AreColouredLateSoonAndLaterWithCounts()
    {
        var store = fixture.TakeStore();
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        var now = DateTimeOffset.UtcNow;
        var stub = new StoreApiStub
        {
            PickList = new
            {
                waveOrdersMax = 10,
                waves = Array.Empty<object>(),
                unassigned = new[]
                {
                    StoreApiStub.Line("order-overdue", "SKU-1", 1, store.StoreId, now.AddMinutes(-30)),
                    StoreApiStub.Line("order-soon", "SKU-2", 2, store.StoreId, now.AddMinutes(30)),
                    StoreApiStub.Line("order-tonight", "SKU-3", 3, store.StoreId, now.AddHours(5)),
                },
            },
            Orders = new { counts = new Dictionary<string, int> { ["Paid"] = 3, ["Ready"] = 2 }, orders = Array.Empty<object>() },
        };
        await stub.InstallAsync(page.Page, store.StoreId);

        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));

        await Expect(page.PickLine("order-overdue").Locator(".deadline")).ToHaveAttributeAsync("data-deadline", "late");
        await Expect(page.PickLine("order-soon").Locator(".deadline")).ToHaveAttributeAsync("data-deadline", "soon");
        await Expect(page.PickLine("order-tonight").Locator(".deadline")).ToHaveAttributeAsync("data-deadline", "later");
        await Expect(page.PickLine("order-overdue")).ToContainTextAsync("late 30 min");
        await Expect(page.Count("lines-to-pick")).ToContainTextAsync("3");
        await Expect(page.Count("ready")).ToContainTextAsync("2");
        await Expect(page.Count("late")).ToContainTextAsync("1");
        var lateColour = await page.PickLine("order-overdue").Locator(".deadline").EvaluateAsync<string>("node => getComputedStyle(node).color");
        var laterColour = await page.PickLine("order-tonight").Locator(".deadline").EvaluateAsync<string>("node => getComputedStyle(node).color");
        Assert.NotEqual(lateColour, laterColour);
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Page_AtPhoneWidth_FitsWithoutSidewaysScrollingWithTappableButtons()
    {
        var store = fixture.TakeStore();
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Phone));
        var readyBy = DateTimeOffset.UtcNow.AddHours(2);
        var longOrder = "order-with-a-long-identifier-0123456789-abcdefghij-0123456789";
        var stub = new StoreApiStub
        {
            PickList = new
            {
                waveOrdersMax = 10,
                waves = new[] { new { waveId = store.StoreId + "-w1", startedAt = DateTimeOffset.UtcNow, orderIds = new[] { longOrder }, lines = new[] { StoreApiStub.Line(longOrder, "SKU-LONG-NAME-0001", 12, store.StoreId, readyBy) } } },
                unassigned = new[] { StoreApiStub.Line("order-2", "SKU-2", 1, store.StoreId, readyBy) },
            },
            Transfers = new { outbound = new[] { new { orderId = "order-3", sku = "SKU-3", quantity = 1, fromStoreId = store.StoreId, toStoreId = "S999", state = "Picked", readyBy } }, inbound = Array.Empty<object>() },
            Orders = new
            {
                counts = new Dictionary<string, int> { ["Paid"] = 1, ["Picking"] = 1, ["InTransit"] = 1, ["Ready"] = 1 },
                orders = new[] { new { orderId = "order-4", state = "Ready", readyBy, collectBy = readyBy.AddDays(7), lines = 1, units = 2, late = false } },
            },
        };
        await stub.InstallAsync(page.Page, store.StoreId);

        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));
        await Expect(page.ReadyOrder("order-4")).ToBeVisibleAsync();

        var scrollWidth = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= PageFixture.Phone.Width, $"the page is {scrollWidth}px wide at a {PageFixture.Phone.Width}px phone");
        var buttons = await page.Page.Locator("#work button:visible").AllAsync();
        Assert.NotEmpty(buttons);
        foreach (var button in buttons)
        {
            var box = (await button.BoundingBoxAsync())!;
            Assert.True(box.Height >= 44, $"'{await button.TextContentAsync()}' is {box.Height}px high; a thumb needs 44");
            Assert.True(box.X >= 0 && box.X + box.Width <= PageFixture.Phone.Width, $"'{await button.TextContentAsync()}' sticks out of the screen");
        }

        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task PickedOrders_OrderDetailsRefusedToStaff_ListOnlyOrdersWithNothingLeftToPickHereAndStaySignedIn()
    {
        var store = fixture.TakeStore();
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        var readyBy = DateTimeOffset.UtcNow.AddHours(3);
        var stub = new StoreApiStub
        {
            PickList = new
            {
                waveOrdersMax = 10,
                waves = new[] { new { waveId = store.StoreId + "-w1", startedAt = DateTimeOffset.UtcNow, orderIds = new[] { "order-still-picking" }, lines = new[] { StoreApiStub.Line("order-still-picking", "SKU-1", 1, store.StoreId, readyBy) } } },
                unassigned = Array.Empty<object>(),
            },
            Orders = new
            {
                counts = new Dictionary<string, int> { ["Picking"] = 2 },
                orders = new[]
                {
                    new { orderId = "order-still-picking", state = "Picking", readyBy, collectBy = (DateTimeOffset?)null, lines = 1, units = 1, late = false },
                    new { orderId = "order-all-picked", state = "Picking", readyBy, collectBy = (DateTimeOffset?)null, lines = 1, units = 2, late = false },
                },
            },
        };
        await stub.InstallAsync(page.Page, store.StoreId);
        await page.Page.RouteAsync("**/api/v1/orders/*", route => StoreApiStub.Answer(route, 403, new { title = "Forbidden", status = 403 }));

        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));

        await Expect(page.PickedOrder("order-all-picked").GetByRole(AriaRole.Button, new() { Name = "Mark ready" })).ToBeEnabledAsync();
        await Expect(page.PickedOrder("order-still-picking")).ToHaveCountAsync(0);
        await Expect(page.Work).ToBeVisibleAsync();
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task StartWave_Refused_ShowsTheProblemUnderTheButtonNotInALine()
    {
        var store = fixture.TakeStore();
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        var stub = new StoreApiStub
        {
            PickList = new { waveOrdersMax = 10, waves = Array.Empty<object>(), unassigned = new[] { StoreApiStub.Line("order-1", "SKU-1", 1, store.StoreId, DateTimeOffset.UtcNow.AddHours(4)) } },
        };
        await stub.InstallAsync(page.Page, store.StoreId);
        await page.Page.RouteAsync($"**/api/v1/stores/{store.StoreId}/waves", route =>
            StoreApiStub.Answer(route, 409, new { title = "Not allowed in the current state", status = 409, detail = "the store is closed" }));
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));

        await page.StartWaveAsync();

        await Expect(page.Page.Locator("#pick-list > .problem")).ToHaveTextAsync("Not allowed in the current state: the store is closed");
        await Expect(page.PickLine("order-1").Locator(".problem")).ToHaveTextAsync([""]);
        await page.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Handover_CodeOfTheWrongShape_ShowsTheFieldProblemBesideTheCodeInput()
    {
        var store = fixture.TakeStore();
        var page = new StorePage(await fixture.NewPageAsync(PageFixture.Desktop));
        var readyBy = DateTimeOffset.UtcNow.AddHours(-1);
        var stub = new StoreApiStub
        {
            Orders = new
            {
                counts = new Dictionary<string, int> { ["Ready"] = 1 },
                orders = new[] { new { orderId = "order-9", state = "Ready", readyBy, collectBy = readyBy.AddDays(7), lines = 1, units = 1, late = false } },
            },
        };
        await stub.InstallAsync(page.Page, store.StoreId);
        await page.Page.RouteAsync($"**/api/v1/stores/{store.StoreId}/orders/order-9/collect", route =>
            StoreApiStub.Answer(route, 400, new { title = "The request is not valid", status = 400, errors = new Dictionary<string, string[]> { ["pickupCode"] = ["must be 6 digits"] } }));
        await page.OpenAsync(store.StoreId, await fixture.StoreKeyAsync(store.StoreId));

        await page.HandOverAsync("order-9", "12ab");

        var row = page.ReadyOrder("order-9");
        await Expect(row.Locator("[data-problem-for='pickupCode']")).ToHaveTextAsync("pickupCode must be 6 digits");
        await Expect(row.GetByLabel("Pickup code")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.Page.Context.CloseAsync();
    }
}
