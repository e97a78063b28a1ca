using System.Net;

namespace Allocation.Tests.EndToEnd;

/// <summary>The promise API over HTTP: a promise holds nothing, bad input names its field, and it is in the OpenAPI document.</summary>
public sealed class PromiseApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Promise_StockAtPickup_AnswersPromisedAndHoldsNothing()
    {
        var sku = await fixture.NewSkuAsync();
        await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity = 3, documentId = "grn-" + sku });

        var (response, body) = await Client.SendAsync(HttpMethod.Post, "/api/v1/promises", new { pickupStoreId = fixture.StoreId, lines = new[] { new { sku, quantity = 2 } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Promised", body!["outcome"]!.GetValue<string>());
        Assert.NotNull(body["readyBy"]);
        Assert.Equal(fixture.StoreId, body["sources"]![0]!["storeId"]!.GetValue<string>());
        Assert.Equal(3, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Promise_MissingPickupAndZeroQuantity_Is400NamingBothFields()
    {
        var (response, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/promises", new { lines = new[] { new { sku = "SKU-X", quantity = 0 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pickupStoreId", problem.ErrorFields());
        Assert.Contains("lines[0].quantity", problem.ErrorFields());
    }

    [Fact]
    public async Task Promise_UnknownSku_Is404NamingTheLine()
    {
        var (response, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/promises",
            new { pickupStoreId = fixture.StoreId, lines = new[] { new { sku = "NO-SUCH-SKU-" + Guid.NewGuid().ToString("N")[..8], quantity = 1 } } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("lines[0].sku", problem.ErrorFields());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?city=Shang%00hai")]
    public async Task PromiseSku_NoAreaOrControlCharacterInCity_Is400NamingCity(string query)
    {
        var sku = await fixture.NewSkuAsync();

        var (response, problem) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/promises/skus/{sku}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("city", problem.ErrorFields());
    }

    [Fact]
    public async Task PromiseSku_RadiusAroundAStore_ListsThatStore()
    {
        var sku = await fixture.NewSkuAsync();
        await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity = 1, documentId = "grn-" + sku });

        var (response, body) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/promises/skus/{sku}?nearStoreId={fixture.StoreId}&radiusKm=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = body!["stores"]![0]!;
        Assert.Equal((fixture.StoreId, "Promised"), (first["pickupStoreId"]!.GetValue<string>(), first["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OpenApi_Document_ListsBothPromiseRoutes()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/v1/promises\"", document);
        Assert.Contains("\"/api/v1/promises/skus/{sku}\"", document);
    }
}
