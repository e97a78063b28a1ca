using Allocation.Tests.Support;
using System.Net;

namespace Allocation.Tests.EndToEnd;

/// <summary>What an operator sees of a running host: the Prometheus scrape endpoint and the Orleans dashboard.</summary>
public sealed class OperationsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Metrics_AfterReservations_ScrapeHoldsTheServiceAndPlatformMeters()
    {
        var sku = await fixture.NewSkuAsync();
        (await Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity = 5, documentId = "grn-" + sku })).Response.EnsureSuccessStatusCode();
        var named = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations",
            new { reservationId = "m-named-" + sku, ttlSeconds = 600, lines = new[] { new { sku, storeId = fixture.StoreId, quantity = 1 } } });
        var solverChosen = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations",
            new { reservationId = "m-solver-" + sku, ttlSeconds = 600, pickupStoreId = fixture.StoreId, lines = new[] { new { sku, quantity = 1 } } });
        var tooMany = await Client.SendAsync(HttpMethod.Post, "/api/v1/reservations",
            new { reservationId = "m-short-" + sku, ttlSeconds = 600, lines = new[] { new { sku, storeId = fixture.StoreId, quantity = 50 } } });

        var (response, text) = await ScrapeAsync();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict), (named.Response.StatusCode, solverChosen.Response.StatusCode, tooMany.Response.StatusCode));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"allocation_reservations_total\{[^}]*operation=""reserve"",outcome=""held""[^}]*\} [1-9]", text);
        Assert.Matches(@"allocation_reservations_total\{[^}]*operation=""reserve"",outcome=""insufficient_stock""[^}]*\} [1-9]", text);
        Assert.Matches(@"allocation_ledger_batch_writes_count\{[^}]*\} [1-9]", text);
        Assert.Matches(@"allocation_planning_batch_orders_count\{[^}]*\} [1-9]", text);
        Assert.Matches(@"allocation_planning_plan_duration_milliseconds_count\{[^}]*\} [1-9]", text);
        Assert.Matches(@"allocation_picking_capacity_used_count\{[^}]*\} [1-9]", text);
        Assert.Contains("orleans_app_requests_latency_milliseconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("kestrel_active_connections", text, StringComparison.Ordinal);
        Assert.Contains("db_client_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Mapped_AnswersWithItsPage()
    {
        var response = await Client.GetAsync("/dashboard/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Orleans Dashboard", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Allocation:Telemetry:OtlpEndpoint", "collector:4317", "Allocation:Telemetry:OtlpEndpoint")]
    [InlineData("Allocation:Telemetry:LogFormat", "Xml", "Allocation:Telemetry")]
    public async Task Start_BadTelemetrySetting_StopsWithOneLineNamingIt(string key, string value, string expected)
    {
        var settings = HostFixture.Settings(fixture.Database.ConnectionString);
        settings[key] = value;

        var (exitCode, output) = await HostProcess.RunToExitAsync(settings);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), text => text.StartsWith("allocation:", StringComparison.Ordinal));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private async Task<(HttpResponseMessage Response, string Text)> ScrapeAsync()
    {
        var response = await Client.GetAsync("/metrics");
        return (response, await response.Content.ReadAsStringAsync());
    }
}
