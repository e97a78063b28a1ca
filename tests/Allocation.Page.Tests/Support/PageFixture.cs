using Allocation.TestKit;
using Microsoft.Playwright;
using System.Net.Http.Json;

namespace Allocation.Page.Tests.Support;

/// <summary>
/// One real host on a fresh PostgreSQL database and one headless chromium, shared by every browser test (starting
/// either costs seconds on 2 cores). Tests keep apart by taking stores and SKUs of their own.
/// </summary>
public sealed class PageFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright's own browser download cannot work without internet.</summary>
    public const string ChromiumPathDefault = "/usr/bin/chromium";

    public const string ChromiumPathVariable = "ALLOCATION_CHROMIUM";

    /// <summary>Phone width (an iPhone 12-15 in CSS pixels) and a store PC.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    private readonly Queue<StoreRow> unusedStores = new();
    private ScratchDatabase? database;
    private IPlaywright? playwright;

    public HostProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public IReadOnlyList<StoreRow> Stores { get; private set; } = [];

    /// <summary>Whether the host asks for a credential (GET /api/v1/me exists); the page signs in with a store key then.</summary>
    public bool AuthenticationRequired { get; private set; }

    public async Task InitializeAsync()
    {
        // Playwright's assertions wait 5 s by default; an action here is a POST and three GETs on a shared 2-core machine.
        Assertions.SetDefaultExpectTimeout(15_000);
        // The browser first: a machine without chromium fails at once, naming the fix, before a host is started.
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath(), Headless = true });
        database = await ScratchDatabase.CreateAsync("page");
        Host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Allocation:Host:Storage"] = "Postgres",
            ["Allocation:Host:ConnectionString"] = database.ConnectionString,
            ["Allocation:Host:ClusterId"] = "page-" + Guid.NewGuid().ToString("N")[..8],
            ["Allocation:Demo:StockUnitsPerStore"] = "0",
        });
        // 404: the host has no authentication yet and every route is open; 200: Host.Client carries the admin key.
        using (var identity = await Host.Client.GetAsync("/api/v1/me"))
        {
            AuthenticationRequired = identity.StatusCode != System.Net.HttpStatusCode.NotFound;
            if (AuthenticationRequired)
            {
                identity.EnsureSuccessStatusCode();
            }
        }

        Stores = (await Host.Client.GetFromJsonAsync<List<StoreRow>>("/api/v1/stores"))!;
        foreach (var store in Stores.Where(store => store.ClickAndCollect))
        {
            unusedStores.Enqueue(store);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Host is not null)
        {
            // The host's log beside the tests: what a failed flow test's 500 or 409 came from.
            await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "host-output.log"), Host.Output);
            await Host.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>A click-and-collect store no other test uses, so its pick list and waves hold this test's orders only.</summary>
    public StoreRow TakeStore()
    {
        lock (unusedStores)
        {
            return unusedStores.Dequeue();
        }
    }

    /// <summary>Two unused click-and-collect stores of one city (the network links them by courier).</summary>
    public (StoreRow Pickup, StoreRow Neighbour) TakeStoresOfOneCity()
    {
        lock (unusedStores)
        {
            var pair = unusedStores.GroupBy(store => store.City).First(city => city.Count() >= 2).Take(2).ToList();
            var rest = unusedStores.Where(store => !pair.Contains(store)).ToList();
            unusedStores.Clear();
            rest.ForEach(unusedStores.Enqueue);
            return (pair[0], pair[1]);
        }
    }

    /// <summary>
    /// A store staff key for these stores, created by the admin through the API, as a store manager would get one;
    /// null while the host has no authentication (the page then works without signing in).
    /// </summary>
    public async Task<string?> StoreKeyAsync(params string[] storeIds)
    {
        if (!AuthenticationRequired)
        {
            return null;
        }

        using var response = await Host.Client.PostAsJsonAsync("/api/v1/keys", new { name = "page test staff", role = "store", storeIds });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
        return created!["key"]!.GetValue<string>();
    }

    /// <summary>A browser tab of its own (fresh sessionStorage) at the given size, on the host, in UTC.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize size)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = size,
            TimezoneId = "UTC",
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumPathVariable) is { Length: > 0 } configured ? configured : ChromiumPathDefault;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"chromium is not installed at {path}: run scripts/test.sh (it installs Debian's chromium) or apt-get install -y chromium");
    }

    public sealed record StoreRow(string StoreId, string Name, string City, bool ClickAndCollect);
}

[CollectionDefinition(Name)]
public sealed class PageCollection : ICollectionFixture<PageFixture>
{
    public const string Name = "store page";
}
