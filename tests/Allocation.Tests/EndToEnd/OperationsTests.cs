using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using System.Net;
using System.Text.Json;

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

    [Fact]
    public async Task Host_AsServiceRoleWithJsonLogs_ServesOwnsItsSchemaAndLogsNoPassword()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false, serviceRole: true);
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Telemetry:LogFormat"] = "Json";
        // Chattier than the defaults, so the options Orleans logs at start-up (connection strings among them) are written.
        settings["Logging:LogLevel:Orleans"] = "Information";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        await using var host = await HostProcess.StartAsync(settings);
        var sku = "ROLE-" + Guid.NewGuid().ToString("N")[..8];
        (await host.Client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "role" })).Response.EnsureSuccessStatusCode();
        var storeId = (await host.Client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        (await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = 3, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();
        var reserve = await host.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations",
            new { reservationId = "role-1", ttlSeconds = 600, lines = new[] { new { sku, storeId, quantity = 2 } } });

        Assert.Equal(HttpStatusCode.Created, reserve.Response.StatusCode);
        Assert.False(await database.ScalarAsync<bool>("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user"));
        var jsonLines = host.Output.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line)).ToList();
        Assert.True(jsonLines.Count >= 5, host.Output);
        Assert.All(jsonLines, line => Assert.True(line.RootElement.TryGetProperty("LogLevel", out _) && line.RootElement.TryGetProperty("Category", out _)));
        Assert.Contains(jsonLines, line => line.RootElement.GetProperty("Category").GetString()!.StartsWith("Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain(database.Password!, host.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Allocation:Telemetry:OtlpEndpoint", "collector:4317", "Allocation:Telemetry:OtlpEndpoint")]
    [InlineData("Allocation:Telemetry:LogFormat", "Xml", "Allocation:Telemetry")]
    [InlineData("Allocation:Host:AdvertisedAddress", "0.0.0.0", "Allocation:Host:AdvertisedAddress")]
    [InlineData("Allocation:Host:AdvertisedAddress", "silo-1.example", "Allocation:Host:AdvertisedAddress")]
    [InlineData("Allocation:Host:ListenAddress", "everywhere", "Allocation:Host:ListenAddress")]
    [InlineData("Allocation:Membership:VotesForDeathDeclaration", "5", "Allocation:Membership:VotesForDeathDeclaration")]
    [InlineData("Allocation:Membership:ProbeTimeoutSeconds", "0", "Allocation:Membership:ProbeTimeoutSeconds")]
    public async Task Start_BadOperationsSetting_StopsWithOneLineNamingIt(string key, string value, string expected)
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
