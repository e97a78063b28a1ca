using Allocation.Tests.Support;
using System.Net;

namespace Allocation.Tests.EndToEnd;

/// <summary>The host on PostgreSQL, called over HTTP: receipt, availability, reserve, release, and bad input.</summary>
public sealed class ReservationApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task ReceiveReserveRelease_OverHttp_AvailabilityFollows()
    {
        var sku = await fixture.NewSkuAsync();
        var receipt = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity = 10, documentId = "grn-1" });
        Assert.Equal(HttpStatusCode.OK, receipt.Response.StatusCode);

        var reserve = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, fixture.StoreId, 4));
        Assert.Equal(HttpStatusCode.Created, reserve.Response.StatusCode);
        Assert.Equal("Held", reserve.Body!["status"]!.GetValue<string>());
        Assert.Equal(6, await Client.AvailableAsync(sku, fixture.StoreId));

        var release = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/reservations/r-{sku}");
        Assert.Equal(HttpStatusCode.OK, release.Response.StatusCode);
        Assert.Equal("Released", release.Body!["status"]!.GetValue<string>());
        Assert.Equal(10, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Adjust_ReasonWithNul_Is400NamingReasonAndTheNextReservationIsHeld()
    {
        var sku = await StockedSkuAsync(5);

        var (response, problem) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/adjustments",
            new { quantity = -1, documentId = "adj-" + sku, reason = "damaged\u0000" });
        var next = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, fixture.StoreId, 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reason", problem.ErrorFields());
        Assert.Equal(HttpStatusCode.Created, next.Response.StatusCode);
        Assert.Equal(4, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Reserve_MisspeltField_Is400NamingItAndHoldsNothing()
    {
        var sku = await StockedSkuAsync(5);
        var body = $"{{\"reservationId\":\"r-{sku}\",\"pickupStoreId\":\"{fixture.StoreId}\",\"lines\":[{{\"sku\":\"{sku}\",\"store_id\":\"{fixture.StoreId}\",\"quantity\":1}}]}}";

        var response = await Client.PostAsync("/api/v1/reservations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lines[0].store_id", problem.ErrorFields());
        Assert.Equal(5, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Reserve_BodyOverTheLimit_Is413BeforeItIsRead()
    {
        var body = "{\"reservationId\":\"r-big\",\"lines\":[],\"padding\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var response = await Client.PostAsync("/api/v1/reservations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Probe_ServingHost_IsHealthyWithoutCredentialOrData(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reserve_SameIdTwice_AnswersTheSameReservationOnce()
    {
        var sku = await StockedSkuAsync(5);

        var first = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, fixture.StoreId, 2));
        var repeat = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, fixture.StoreId, 2));
        var different = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, fixture.StoreId, 3));

        Assert.Equal(HttpStatusCode.Created, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.Response.StatusCode);
        Assert.Equal(first.Body!["expiresAt"].Text(), repeat.Body!["expiresAt"].Text());
        Assert.Equal(HttpStatusCode.Conflict, different.Response.StatusCode);
        Assert.Equal(3, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Reserve_MoreThanAvailable_Is409ProblemNamingTheLine()
    {
        var sku = await StockedSkuAsync(1);

        var (response, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, fixture.StoreId, 2));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("/problems/insufficient-stock", problem!["type"]!.GetValue<string>());
        Assert.Equal(0, problem["shortages"]![0]!["lineIndex"]!.GetValue<int>());
        Assert.Equal(1, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Theory]
    [InlineData("{\"lines\":[{\"sku\":\"X\",\"storeId\":\"S\",\"quantity\":1}]}", "reservationId")]
    [InlineData("{\"reservationId\":\"r1\"}", "lines")]
    [InlineData("{\"reservationId\":\"r1\",\"lines\":[{\"sku\":\"X\",\"storeId\":\"S\",\"quantity\":-2}]}", "lines[0].quantity")]
    [InlineData("{\"reservationId\":\"r1\",\"lines\":[{\"storeId\":\"S\",\"quantity\":1}]}", "lines[0].sku")]
    [InlineData("{\"reservationId\":\"r1\",\"ttlSeconds\":0,\"lines\":[{\"sku\":\"X\",\"storeId\":\"S\",\"quantity\":1}]}", "ttlSeconds")]
    [InlineData("{\"reservationId\":\"has space\",\"lines\":[{\"sku\":\"X\",\"storeId\":\"S\",\"quantity\":1}]}", "reservationId")]
    [InlineData("{\"reservationId\":\"r1\",\"lines\":[{\"sku\":\"X\",\"storeId\":\"S\",\"quantity\":\"many\"}]}", "lines[0].quantity")]
    [InlineData("{\"reservationId\":\"r1\",\"lines\":[", "lines")]
    [InlineData("[1,2,3]", "body")]
    public async Task Reserve_BadInput_Is400ProblemNamingTheField(string json, string field)
    {
        var (response, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(problem.ErrorFields(), name => name.StartsWith(field, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Reserve_UnknownStoreOrSku_Is404NamingTheFieldAndChangesNothing()
    {
        var sku = await StockedSkuAsync(5);

        var unknownStore = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r1-" + sku, sku, "NO-SUCH-STORE", 1));
        var unknownSku = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r2-" + sku, "NO-SUCH-SKU", fixture.StoreId, 1));

        Assert.Equal(HttpStatusCode.NotFound, unknownStore.Response.StatusCode);
        Assert.Equal(["lines[0].storeId"], unknownStore.Body.ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, unknownSku.Response.StatusCode);
        Assert.Equal(["lines[0].sku"], unknownSku.Body.ErrorFields());
        Assert.Equal(5, await Client.AvailableAsync(sku, fixture.StoreId));
        var lookup = await Client.SendAsync(HttpMethod.Get, $"/api/v1/reservations/r1-{sku}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.Response.StatusCode);
    }

    [Theory]
    [InlineData("{\"quantity\":-1,\"documentId\":\"d1\"}", "quantity")]
    [InlineData("{\"documentId\":\"d1\"}", "quantity")]
    [InlineData("{\"quantity\":3}", "documentId")]
    [InlineData("not json", "body")]
    public async Task Receipt_BadInput_Is400AndChangesNothing(string json, string field)
    {
        var sku = await StockedSkuAsync(5);

        var (response, problem) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem.ErrorFields(), name => name.StartsWith(field, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(5, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Reserve_OnlyPickupStore_SolverNamesSourceAndReadyBy()
    {
        var sku = await StockedSkuAsync(3);
        var body = new { reservationId = "alloc-" + sku, pickupStoreId = fixture.StoreId, lines = new[] { new { sku, quantity = 2 } } };

        var (response, reservation) = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", body);

        Assert.True(response.StatusCode == HttpStatusCode.Created, reservation.Text());
        Assert.Equal(fixture.StoreId, reservation!["lines"]![0]!["storeId"]!.GetValue<string>());
        var readyBy = reservation["readyBy"]!.GetValue<DateTimeOffset>();
        var createdAt = reservation["createdAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(readyBy, createdAt, createdAt.AddHours(24));
        Assert.Equal(1, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Reoptimization_AfterAllocatedOrderIsPaid_RunsAndPickLoadShowsItsPick()
    {
        var sku = await StockedSkuAsync(3);
        var id = "reopt-" + sku;
        var body = new { reservationId = id, pickupStoreId = fixture.StoreId, lines = new[] { new { sku, quantity = 1 } } };
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", body)).Response.EnsureSuccessStatusCode();
        (await Client.SendAsync(HttpMethod.Post, $"/api/v1/reservations/{id}/confirm")).Response.EnsureSuccessStatusCode();

        var (response, report) = await Client.SendAsync(HttpMethod.Post, "/api/v1/reoptimizations");
        var (picksResponse, picks) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stores/{fixture.StoreId}/picks");
        var last = await Client.SendAsync(HttpMethod.Get, "/api/v1/reoptimizations/last");

        // Whether the order may still move depends on the hour of the day (its pick may be under way): the run is
        // checked for its answer, the paid order for its pick.
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.Text());
        Assert.True(report!["ordersConsidered"]!.GetValue<int>() >= 0 && report["engine"] is not null, report.Text());
        Assert.Equal(HttpStatusCode.OK, picksResponse.StatusCode);
        Assert.True(picks!.AsArray().Sum(hour => hour!["picks"]!.GetValue<int>()) >= 1, picks.Text());
        Assert.Equal(report["startedAt"]!.GetValue<DateTimeOffset>(), last.Body!["startedAt"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData("NOPE-STORE", HttpStatusCode.NotFound)]
    [InlineData("bad store", HttpStatusCode.BadRequest)]
    public async Task StorePicks_UnknownOrMalformedStore_IsProblemNamingStoreId(string storeId, HttpStatusCode status)
    {
        var (response, problem) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stores/{Uri.EscapeDataString(storeId)}/picks");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(["storeId"], problem.ErrorFields());
    }

    [Fact]
    public async Task Reserve_NoStoreAndNoPickupStore_Is400NamingStoreId()
    {
        var body = new { reservationId = "no-pickup", lines = new[] { new { sku = "SKU-0001", quantity = 1 } } };

        var (response, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["lines[0].storeId"], problem.ErrorFields());
    }

    [Fact]
    public async Task Network_ImportWithUnknownLaneEnd_Is400AndKeepsTheNetwork()
    {
        var (before, network) = await Client.SendAsync(HttpMethod.Get, "/api/v1/network");
        before.EnsureSuccessStatusCode();
        var broken = network!.DeepClone();
        broken["lanes"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("{\"from\":\"S001\",\"to\":\"NOWHERE\",\"leadTimeMinutes\":60,\"costPerUnit\":1,\"costPerShipment\":1,\"departures\":[]}"));

        var (response, problem) = await Client.SendAsync(HttpMethod.Put, "/api/v1/network", broken.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem.ErrorFields(), field => field.StartsWith("lanes[", StringComparison.Ordinal));
        var after = await Client.SendAsync(HttpMethod.Get, "/api/v1/network");
        Assert.Equal(network.ToJsonString(), after.Body!.ToJsonString());
    }

    [Fact]
    public async Task Network_ImportWithStoreIdTheStockApiRefuses_Is400NamingItAndKeepsTheNetwork()
    {
        var (before, network) = await Client.SendAsync(HttpMethod.Get, "/api/v1/network");
        before.EnsureSuccessStatusCode();
        var broken = network!.DeepClone();
        var location = broken["locations"]![0]!.DeepClone();
        location["id"] = "O'Hare-Ü1";
        broken["locations"]!.AsArray().Add(location);

        var (response, problem) = await Client.SendAsync(HttpMethod.Put, "/api/v1/network", broken.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem.ErrorFields(), field => field.StartsWith("locations[", StringComparison.Ordinal) && field.EndsWith("].id", StringComparison.Ordinal));
        var after = await Client.SendAsync(HttpMethod.Get, "/api/v1/network");
        Assert.Equal(network.ToJsonString(), after.Body!.ToJsonString());
    }

    [Fact]
    public async Task NetworkCsv_ExportThenImport_RoundTripsAndABadLaneIs400NamingFileAndLine()
    {
        var locations = await Client.GetStringAsync("/api/v1/network/locations.csv");
        var lanes = await Client.GetStringAsync("/api/v1/network/lanes.csv");
        var before = (await Client.SendAsync(HttpMethod.Get, "/api/v1/network")).Body.Text();

        using var good = CsvForm(locations, lanes);
        var imported = await Client.PutAsync("/api/v1/network/csv", good);
        using var bad = CsvForm(locations, lanes.TrimEnd() + "\nS001,NOWHERE,60,1,1,\n");
        var refused = await Client.PutAsync("/api/v1/network/csv", bad);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync());

        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        Assert.Equal(locations.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1,
            System.Text.Json.Nodes.JsonNode.Parse(await imported.Content.ReadAsStringAsync())!["locations"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(problem.ErrorFields(), field => field.StartsWith("lanes.csv line", StringComparison.Ordinal));
        Assert.Equal(before, (await Client.SendAsync(HttpMethod.Get, "/api/v1/network")).Body.Text());
    }

    [Fact]
    public async Task Movements_SaleCountAndSafetyStock_ChangeCountsAndReportShortfall()
    {
        var sku = await StockedSkuAsync(10);
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Reservation("r-" + sku, sku, fixture.StoreId, 6))).Response.EnsureSuccessStatusCode();
        var path = $"/api/v1/stock/{sku}/stores/{fixture.StoreId}";

        var sale = await Client.SendAsync(HttpMethod.Post, path + "/sales", new { quantity = 2, documentId = "pos-1" });
        var count = await Client.SendAsync(HttpMethod.Post, path + "/counts", new { quantity = 4, documentId = "count-1" });
        var safety = await Client.SendAsync(HttpMethod.Put, path + "/safety-stock", new { quantity = 1, documentId = "safety-1" });

        Assert.Equal(8, sale.Body!["counts"]!["onHand"]!.GetValue<int>());
        Assert.Equal(2, count.Body!["shortfall"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, safety.Response.StatusCode);
        Assert.Equal(0, await Client.AvailableAsync(sku, fixture.StoreId));
    }

    [Fact]
    public async Task Stock_UnknownSku_Is404NamingSku()
    {
        var (response, problem) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/stock/NOPE-{Guid.NewGuid():N}/stores/{fixture.StoreId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["sku"], problem.ErrorFields());
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheReservationEndpoints()
    {
        var (response, document) = await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(document!["paths"]!["/api/v1/reservations"]);
        Assert.NotNull(document["paths"]!["/api/v1/stock/{sku}/stores/{storeId}/receipts"]);
        Assert.NotNull(document["paths"]!["/api/v1/stock/{sku}/stores/{storeId}/receipts"]!["post"]);
        Assert.NotNull(document["paths"]!["/api/v1/stock/{sku}/stores/{storeId}/safety-stock"]!["put"]);
    }

    private async Task<string> StockedSkuAsync(int quantity)
    {
        var sku = await fixture.NewSkuAsync();
        var (response, _) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity, documentId = "grn-" + sku });
        response.EnsureSuccessStatusCode();
        return sku;
    }

    private static MultipartFormDataContent CsvForm(string locations, string lanes) => new()
    {
        { new StringContent(locations, System.Text.Encoding.UTF8, "text/csv"), "locations", "locations.csv" },
        { new StringContent(lanes, System.Text.Encoding.UTF8, "text/csv"), "lanes", "lanes.csv" },
    };

    private static object Reservation(string id, string sku, string storeId, int quantity) =>
        new { reservationId = id, ttlSeconds = 600, lines = new[] { new { sku, storeId, quantity } } };
}
