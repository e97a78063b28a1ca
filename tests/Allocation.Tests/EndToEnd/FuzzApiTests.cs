using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// Thousands of malformed and hostile requests, seeded, to every route of the OpenAPI document, with a valid admin
/// key so they reach the handlers: none may answer 5xx, each one that is sure to be malformed answers a 4xx problem,
/// and afterwards the counts of the stocked SKU-stores, the catalogue and the network are as they were.
/// </summary>
public sealed class FuzzApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const int Seed = 20261201;
    private const int RequestCount = 3_000;

    private static readonly string[] HostileSegments =
    [
        " ", "a|b", "O'Brien", "Zürich", "店", "💥", new string('a', 65), "..", "%00", "\u0000", "\u001b[2J", "x;DROP TABLE stock_ledger;--",
        "a/b", "<script>", "\t", "-", "a b", "a\"b", "\\", new string('9', 400),
    ];

    private static readonly string[] MalformedBodies =
    [
        "{", "[", "nul", "\"just a string\"", "42", "{\"quantity\":\"ten\"}", "{\"quantity\":1e309}", "{\"quantity\":-2147483649}",
        "{\"quantity\":-5,\"documentId\":\"d\u0000\"}", "{\"lines\":\"x\"}", "{\"lines\":[null]}", "{\"lines\":[{}]}", "{\"zzz\":1}",
        "{\"reservationId\":\"a|b\",\"lines\":[{\"sku\":\"a|b\",\"quantity\":1}]}", "{\"name\":\"\u0000\"}", "{\"role\":\"root\"}",
        "{\"locations\":[{\"id\":\"O'Brien\"}]}", "{\"locations\":null,\"lanes\":7}", "{\"ttlSeconds\":-1}", "{\"quantity\":0.5}",
        "{\"requestId\":\"\",\"quantityFound\":-1,\"pickupCode\":\"abc\"}", "{\"quantityFound\":99999999999}",
    ];

    [Fact]
    public async Task EveryRoute_SeededHostileRequests_No5xxAndNothingChanges()
    {
        var stocked = await StockedSkuStoresAsync();
        var before = await SnapshotAsync(stocked);
        var routes = await RoutesAsync();
        var random = new Random(Seed);
        var failures = new List<string>();

        for (var index = 0; index < RequestCount; index++)
        {
            var (method, template, takesBody) = routes[random.Next(routes.Count)];
            var (path, pathIsBad) = FillPath(template, random, stocked[0]);
            using var request = new HttpRequestMessage(method, path);
            var bodyIsBad = AddBody(request, method, random) && takesBody;
            using var response = await fixture.Host.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var mustFail = pathIsBad || bodyIsBad;
            if (status >= 500 || (mustFail && status < 400))
            {
                failures.Add($"{method} {path} -> {status}: {Truncate(await response.Content.ReadAsStringAsync())}");
            }
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json" && !RefusedByTheServer(path, response))
            {
                failures.Add($"{method} {path} -> {status} as {response.Content.Headers.ContentType?.MediaType ?? "no body"}, not a problem");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
        Assert.Equal(before, await SnapshotAsync(stocked));
    }

    /// <summary>Route values: a hostile one at least once per request when the route has any, else the stocked ids.</summary>
    private static (string Path, bool IsBad) FillPath(string template, Random random, (string Sku, string StoreId) stocked)
    {
        var parameters = System.Text.RegularExpressions.Regex.Matches(template, "{([^}]+)}").Select(match => match.Value).ToList();
        if (parameters.Count == 0)
        {
            return (template + HostileQuery(random), false);
        }

        var bad = random.Next(parameters.Count);
        var path = template;
        for (var index = 0; index < parameters.Count; index++)
        {
            var value = index == bad
                ? HostileSegments[random.Next(HostileSegments.Length)]
                : parameters[index] == "{storeId}" ? stocked.StoreId : parameters[index] == "{sku}" ? stocked.Sku : "fuzz-" + random.Next(1000);
            path = path.Replace(parameters[index], Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        return (path + HostileQuery(random), true);
    }

    private static string HostileQuery(Random random) => random.Next(3) switch
    {
        0 => "",
        1 => "?city=" + Uri.EscapeDataString(HostileSegments[random.Next(HostileSegments.Length)]) + "&radiusKm=-1&limit=-5&after=%00",
        _ => "?nearStoreId=" + Uri.EscapeDataString(HostileSegments[random.Next(HostileSegments.Length)]) + "&radiusKm=1e400&state=nope",
    };

    /// <summary>A malformed body on every route that takes one; true when it is sure to be refused.</summary>
    private static bool AddBody(HttpRequestMessage request, HttpMethod method, Random random)
    {
        if (method == HttpMethod.Get || method == HttpMethod.Delete)
        {
            return false;
        }

        var choice = random.Next(MalformedBodies.Length + 3);
        request.Content = choice switch
        {
            _ when choice < MalformedBodies.Length => new StringContent(MalformedBodies[choice], Encoding.UTF8, "application/json"),
            _ when choice == MalformedBodies.Length => new StringContent(new string('[', 500) + new string(']', 500), Encoding.UTF8, "application/json"),
            _ when choice == MalformedBodies.Length + 1 => new StringContent("{\"name\":\"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/json"),
            _ => new ByteArrayContent(RandomBytes(random)) { Headers = { { "Content-Type", random.Next(2) == 0 ? "application/json" : "text/plain" } } },
        };
        return true;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 2_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private async Task<List<(string Sku, string StoreId)>> StockedSkuStoresAsync()
    {
        var stores = (await fixture.Host.Client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body!.AsArray().Select(store => store!["storeId"]!.GetValue<string>()).Take(3).ToList();
        var stocked = new List<(string, string)>();
        foreach (var storeId in stores)
        {
            var sku = await fixture.NewSkuAsync();
            var receipt = await fixture.Host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = 9, documentId = "grn-" + sku });
            receipt.Response.EnsureSuccessStatusCode();
            stocked.Add((sku, storeId));
        }

        return stocked;
    }

    private async Task<string> SnapshotAsync(List<(string Sku, string StoreId)> stocked)
    {
        var parts = new List<string>();
        foreach (var (sku, storeId) in stocked)
        {
            var (_, stock) = await fixture.Host.Client.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{storeId}");
            parts.Add(stock.Text());
        }

        parts.Add((await fixture.Host.Client.SendAsync(HttpMethod.Get, "/api/v1/catalogue")).Body.Text());
        parts.Add((await fixture.Host.Client.SendAsync(HttpMethod.Get, "/api/v1/network")).Body.Text());
        parts.Add((await fixture.Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray().Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join(Environment.NewLine, parts);
    }

    private async Task<List<(HttpMethod Method, string Template, bool TakesBody)>> RoutesAsync()
    {
        var document = (await fixture.Host.Client.SendAsync(HttpMethod.Get, "/openapi/v1.json")).Body!;
        return document["paths"]!.AsObject()
            .Where(path => path.Key.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(path => path.Value!.AsObject().Select(operation => (new HttpMethod(operation.Key.ToUpperInvariant()), path.Key, operation.Value!["requestBody"] is not null)))
            .ToList();
    }

    /// <summary>Kestrel itself answers a bare 400 to a request line holding NUL (%00), before any of the service runs.</summary>
    private static bool RefusedByTheServer(string path, HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.BadRequest && path.Contains("%00", StringComparison.Ordinal) && response.Content.Headers.ContentLength is null or 0;

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
