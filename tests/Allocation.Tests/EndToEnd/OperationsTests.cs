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
        using var operatorClient = fixture.Host.ClientWithKey(HostProcess.OperatorKey);
        var response = await operatorClient.GetAsync("/dashboard/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Orleans Dashboard", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_AsServiceRoleWithJsonLogs_ServesOwnsItsSchemaAndLogsNoPassword()
    {
        await using var database = await TestDatabases.CreateAsync(migrate: false, serviceRole: true);
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

    [Fact]
    public async Task Traces_WithOtlpCollector_ExportSpansOfHttpGrainCallsAndNpgsql()
    {
        using var collector = new OtlpCollector();
        var settings = HostFixture.Settings(fixture.Database.ConnectionString);
        // The standard variables, as settings: http/protobuf to the collector, exported within a second.
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        await using var host = await HostProcess.StartAsync(settings);
        var sku = "OTLP-" + Guid.NewGuid().ToString("N")[..8];
        (await host.Client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "traced" })).Response.EnsureSuccessStatusCode();
        (await host.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{fixture.StoreId}/receipts", new { quantity = 2, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();
        var reserve = await host.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations",
            new { reservationId = "otlp-" + sku, ttlSeconds = 600, lines = new[] { new { sku, storeId = fixture.StoreId, quantity = 1 } } });

        var traces = await collector.WaitForAsync("/v1/traces", "Microsoft.Orleans.Application", "Npgsql", "Microsoft.AspNetCore", "/api/v1/reservations");
        var metrics = await collector.WaitForAsync("/v1/metrics", "allocation.reservations", "allocation.ledger.batch.writes");

        Assert.Equal(HttpStatusCode.Created, reserve.Response.StatusCode);
        Assert.True(traces, "no exported spans name HTTP, grain calls and Npgsql:" + Environment.NewLine + collector.Received);
        Assert.True(metrics, "no exported metrics name the service's instruments:" + Environment.NewLine + collector.Received);
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
        using var operatorClient = fixture.Host.ClientWithKey(HostProcess.OperatorKey);
        var response = await operatorClient.GetAsync("/metrics");
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Accepts OTLP/HTTP exports and keeps their bodies. Protobuf keeps strings as UTF-8 bytes, so names of scopes, spans
    /// and instruments are found in the raw body without decoding it.
    /// </summary>
    private sealed class OtlpCollector : IDisposable
    {
        private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

        private readonly HttpListener listener = new();
        private readonly List<(string Path, string Body)> exports = [];
        private readonly SemaphoreSlim arrived = new(0);
        private readonly Task receiving;

        public OtlpCollector()
        {
            var port = int.Parse(FreePorts.NextText(), System.Globalization.CultureInfo.InvariantCulture);
            Address = $"http://127.0.0.1:{port}";
            listener.Prefixes.Add(Address + "/");
            listener.Start();
            receiving = Task.Run(ReceiveAsync);
        }

        public string Address { get; }

        public string Received
        {
            get
            {
                lock (exports)
                {
                    return string.Join(", ", exports.Select(export => $"{export.Path} ({export.Body.Length} bytes)"));
                }
            }
        }

        /// <summary>True once the exports to <paramref name="path"/> together contain every one of <paramref name="names"/>.</summary>
        public async Task<bool> WaitForAsync(string path, params string[] names)
        {
            using var timeout = new CancellationTokenSource(ExportTimeout);
            while (!timeout.IsCancellationRequested)
            {
                string all;
                lock (exports)
                {
                    all = string.Concat(exports.Where(export => export.Path == path).Select(export => export.Body));
                }

                if (names.All(name => all.Contains(name, StringComparison.Ordinal)))
                {
                    return true;
                }

                // The next export, not a timer: each one the host sends wakes this up to look again.
                try
                {
                    await arrived.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }

            return false;
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            receiving.Wait(TimeSpan.FromSeconds(5));
            arrived.Dispose();
        }

        private async Task ReceiveAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (exports)
                {
                    exports.Add((context.Request.Url!.AbsolutePath, System.Text.Encoding.Latin1.GetString(body.ToArray())));
                }

                arrived.Release();
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }
}
