using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.Net;
using System.Text.Json.Nodes;

namespace Allocation.Tests.EndToEnd;

/// <summary>Who may do what over HTTP: credentials, roles, store scope and tenant isolation, on a real host.</summary>
public sealed class AccessApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task EveryApiRoute_WithoutCredential_Is401ProblemNamingWhatIsMissing()
    {
        using var anonymous = Host.ClientWithKey(null);
        var routes = await ApiRoutesAsync();
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes in the OpenAPI document");

        foreach (var (method, path) in routes)
        {
            var (response, problem) = await SendAnyBodyAsync(anonymous, method, path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
            Assert.Equal("/problems/unauthenticated", problem!["type"]!.GetValue<string>());
            Assert.Contains("X-Api-Key", problem["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Reserve_WithUnknownOrMalformedKey_Is401AndHoldsNothing()
    {
        var sku = await StockedSkuAsync(3);
        foreach (var key in new[] { "alk.default.nosuchkey.c2VjcmV0", "not-a-key", HostProcess.AdminKey + "x" })
        {
            using var client = Host.ClientWithKey(key);
            var (response, problem) = await client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, 1));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("not valid", problem!["detail"]!.GetValue<string>());
        }

        Assert.Equal(3, await Host.Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task CheckoutKey_ReservesAndConfirms_ButIsRefusedPlanningAndStockRoutes()
    {
        var sku = await StockedSkuAsync(3);
        using var checkout = Host.ClientWithKey(await CreateKeyAsync("checkout", []));

        var reserve = await checkout.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, 1));
        var confirm = await checkout.SendAsync(HttpMethod.Post, $"/api/v1/reservations/r-{sku}/confirm");
        var network = await checkout.SendAsync(HttpMethod.Put, "/api/v1/network", "{}");
        var keys = await checkout.SendAsync(HttpMethod.Get, "/api/v1/keys");
        var receipt = await checkout.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity = 5, documentId = "grn-x" });

        Assert.Equal(HttpStatusCode.Created, reserve.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirm.Response.StatusCode);
        foreach (var (response, problem) in new[] { network, keys, receipt })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("/problems/forbidden", problem!["type"]!.GetValue<string>());
            Assert.Contains("role is checkout", problem["detail"]!.GetValue<string>());
        }

        Assert.Equal(2, await Host.Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task StoreKey_OwnStore_ReadsAndMovesStock_OtherOrUnknownStoreRefusedAlike()
    {
        var sku = await StockedSkuAsync(4);
        var otherStore = await OtherStoreAsync();
        using var staff = Host.ClientWithKey(await CreateKeyAsync("store", [fixture.StoreId]));

        var own = await staff.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}");
        var sale = await staff.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/sales", new { quantity = 1, documentId = "till-" + sku });
        var other = await staff.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{otherStore}");
        var unknown = await staff.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/NO-SUCH-STORE");
        var otherSale = await staff.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{otherStore}/sales", new { quantity = 1, documentId = "till2-" + sku });
        var reserve = await staff.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, 1));
        var safetyStock = await staff.SendAsync(HttpMethod.Put, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/safety-stock", new { quantity = 2, documentId = "ss-" + sku });

        Assert.Equal(HttpStatusCode.OK, own.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sale.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.Response.StatusCode);
        Assert.Equal(other.Body!["detail"]!.GetValue<string>(), unknown.Body!["detail"]!.GetValue<string>());
        Assert.Equal("the credential is not for this store", other.Body["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, otherSale.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reserve.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, safetyStock.Response.StatusCode);
        Assert.Equal(3, await Host.Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task StoreKey_ListsOnlyItsStoresAndMeNamesThem()
    {
        using var staff = Host.ClientWithKey(await CreateKeyAsync("store", [fixture.StoreId]));

        var stores = await staff.SendAsync(HttpMethod.Get, "/api/v1/stores");
        var me = await staff.SendAsync(HttpMethod.Get, "/api/v1/me");

        Assert.Equal([fixture.StoreId], stores.Body!.AsArray().Select(store => store!["storeId"]!.GetValue<string>()));
        Assert.Equal("store", me.Body!["role"]!.GetValue<string>());
        Assert.Equal("default", me.Body["tenantId"]!.GetValue<string>());
        Assert.Equal([fixture.StoreId], me.Body["storeIds"]!.AsArray().Select(store => store!.GetValue<string>()));
    }

    [Fact]
    public async Task OtherTenant_SameIds_SeesNoneOfTheFirstTenantsData()
    {
        var sku = await StockedSkuAsync(5);
        (await Host.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("shared-" + sku, sku, 2))).Response.EnsureSuccessStatusCode();
        using var other = Host.ClientWithKey(HostProcess.OtherTenantAdminKey);

        var reservation = await other.SendAsync(HttpMethod.Get, $"/api/v1/reservations/shared-{sku}");
        var skuView = await other.SendAsync(HttpMethod.Get, $"/api/v1/skus/{sku}");
        var stock = await other.SendAsync(HttpMethod.Get, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}");
        var release = await other.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/shared-{sku}");
        var stores = await other.SendAsync(HttpMethod.Get, "/api/v1/stores");

        Assert.Equal(HttpStatusCode.NotFound, reservation.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, skuView.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stock.Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, release.Response.StatusCode);
        Assert.Empty(stores.Body!.AsArray());
        Assert.Equal(3, await Host.Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/dashboard/")]
    public async Task OperationsEndpoint_TenantCredentials401Or403_OnlyTheOperatorKeyReadsIt(string path)
    {
        using var anonymous = Host.ClientWithKey(null);
        using var checkout = Host.ClientWithKey(await CreateKeyAsync("checkout", []));
        using var operatorClient = Host.ClientWithKey(HostProcess.OperatorKey);

        var withoutKey = await anonymous.GetAsync(path);
        var asCheckout = await checkout.GetAsync(path);
        var asAdmin = await Host.Client.GetAsync(path);
        using var otherTenantAdmin = Host.ClientWithKey(HostProcess.OtherTenantAdminKey);
        var asOtherTenantAdmin = await otherTenantAdmin.GetAsync(path);
        var asOperator = await operatorClient.GetAsync(path);
        var operatorOnTenantRoute = await operatorClient.GetAsync("/api/v1/stores");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asCheckout.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asOtherTenantAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asOperator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorOnTenantRoute.StatusCode);
    }

    [Fact]
    public async Task ApiKey_InTheAuthorizationHeader_AuthenticatesLikeXApiKey()
    {
        using var client = Host.ClientWithKey(null);
        client.DefaultRequestHeaders.Authorization = new("ApiKey", HostProcess.AdminKey);

        var (response, me) = await client.SendAsync(HttpMethod.Get, "/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", me!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateKey_ListShowsNoTextThenRevokeRefusesItAtOnce()
    {
        var key = await CreateKeyAsync("checkout", []);
        using var checkout = Host.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await checkout.SendAsync(HttpMethod.Get, "/api/v1/me")).Response.StatusCode);

        var listed = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray();
        var entry = listed.Single(item => key.Contains("." + item!["keyId"]!.GetValue<string>() + ".", StringComparison.Ordinal))!;
        var revoke = await Host.Client.SendAsync(HttpMethod.Delete, $"/api/v1/keys/{entry["keyId"]!.GetValue<string>()}");
        var after = await checkout.SendAsync(HttpMethod.Get, "/api/v1/me");

        Assert.DoesNotContain(key.Split('.')[^1], listed.Text());
        Assert.Equal("checkout", entry["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, revoke.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_UsedOnce_ListShowsWhenItWasLastUsed()
    {
        var key = await CreateKeyAsync("checkout", []);
        using var checkout = Host.ClientWithKey(key);
        (await checkout.SendAsync(HttpMethod.Get, "/api/v1/me")).Response.EnsureSuccessStatusCode();

        // The last-used time is written one way, off the request's path: wait for it to show, within a bound.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode? lastUsed = null;
        while (lastUsed is null && DateTime.UtcNow < deadline)
        {
            var listed = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray();
            lastUsed = listed.Single(item => key.Contains("." + item!["keyId"]!.GetValue<string>() + ".", StringComparison.Ordinal))!["lastUsedAt"];
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.NotNull(lastUsed);
    }

    [Theory]
    [InlineData("""{"name":"till 1","role":"root"}""", "role")]
    [InlineData("""{"name":"till 1","role":"store"}""", "storeIds")]
    [InlineData("""{"name":"till 1","role":"checkout","storeIds":["S001"]}""", "storeIds")]
    [InlineData("""{"name":"till\u0000","role":"checkout"}""", "name")]
    [InlineData("""{"role":"checkout"}""", "name")]
    [InlineData("""{"name":"till 1","role":"store","storeIds":["bad store"]}""", "storeIds")]
    public async Task CreateKey_BadBody_Is400NamingTheFieldAndAddsNoKey(string body, string field)
    {
        var before = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray().Count;

        var (response, problem) = await Host.Client.SendAsync(HttpMethod.Post, "/api/v1/keys", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, problem.ErrorFields());
        Assert.Equal(before, (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/keys")).Body!.AsArray().Count);
    }

    [Fact]
    public async Task BearerToken_Signed_ActsForItsTenantRoleAndStores()
    {
        using var client = Host.ClientWithKey(null);
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token(HostProcess.JwtSigningKey, DateTime.UtcNow.AddMinutes(5), "store", fixture.StoreId));

        var me = await client.SendAsync(HttpMethod.Get, "/api/v1/me");
        var network = await client.SendAsync(HttpMethod.Get, "/api/v1/network");

        Assert.Equal(HttpStatusCode.OK, me.Response.StatusCode);
        Assert.Equal("store", me.Body!["role"]!.GetValue<string>());
        Assert.Equal([fixture.StoreId], me.Body["storeIds"]!.AsArray().Select(store => store!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, network.Response.StatusCode);
    }

    [Fact]
    public async Task BearerToken_ExpiredOrSignedWithAnotherKey_Is401()
    {
        var otherKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        foreach (var token in new[] { Token(HostProcess.JwtSigningKey, DateTime.UtcNow.AddMinutes(-5), "admin"), Token(otherKey, DateTime.UtcNow.AddMinutes(5), "admin") })
        {
            using var client = Host.ClientWithKey(null);
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var (response, problem) = await client.SendAsync(HttpMethod.Get, "/api/v1/me");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("/problems/unauthenticated", problem!["type"]!.GetValue<string>());
        }
    }

    /// <summary>A body of the content type the route accepts (routing answers 415 for another, before any credential is looked at).</summary>
    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAnyBodyAsync(HttpClient client, HttpMethod method, string path)
    {
        if (!path.EndsWith("/csv", StringComparison.Ordinal))
        {
            return await client.SendAsync(method, path, method == HttpMethod.Get || method == HttpMethod.Delete ? null : new { });
        }

        using var request = new HttpRequestMessage(method, path) { Content = new MultipartFormDataContent { { new StringContent("id"), "locations", "locations.csv" } } };
        var response = await client.SendAsync(request);
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    internal static string Token(byte[] signingKey, DateTime expires, string role, params string[] stores)
    {
        var claims = new Dictionary<string, object> { ["tenant"] = "default", ["role"] = role };
        if (stores.Length > 0)
        {
            claims["store"] = stores;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = HostProcess.JwtIssuer,
            Audience = "allocation",
            Claims = claims,
            NotBefore = expires.AddMinutes(-10),
            IssuedAt = expires.AddMinutes(-10),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<string> CreateKeyAsync(string role, string[] storeIds)
    {
        var (response, body) = await Host.Client.SendAsync(HttpMethod.Post, "/api/v1/keys", new { name = $"test {role}", role, storeIds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body!["key"]!.GetValue<string>();
    }

    private async Task<string> StockedSkuAsync(int units)
    {
        var sku = await fixture.NewSkuAsync();
        (await Host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity = units, documentId = "grn-" + sku })).Response.EnsureSuccessStatusCode();
        return sku;
    }

    private async Task<string> OtherStoreAsync()
    {
        var stores = (await Host.Client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body!.AsArray();
        return stores.Select(store => store!["storeId"]!.GetValue<string>()).First(storeId => storeId != fixture.StoreId);
    }

    private async Task<List<(HttpMethod Method, string Path)>> ApiRoutesAsync()
    {
        var document = (await Host.Client.SendAsync(HttpMethod.Get, "/openapi/v1.json")).Body!;
        var routes = new List<(HttpMethod, string)>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/v1", StringComparison.Ordinal))
            {
                continue;
            }

            var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "x");
            routes.AddRange(operations!.AsObject().Select(operation => (new HttpMethod(operation.Key.ToUpperInvariant()), concrete)));
        }

        return routes;
    }

    private object Reservation(string reservationId, string sku, int quantity) =>
        new { reservationId, pickupStoreId = fixture.StoreId, lines = new[] { new { sku, storeId = fixture.StoreId, quantity } } };
}
