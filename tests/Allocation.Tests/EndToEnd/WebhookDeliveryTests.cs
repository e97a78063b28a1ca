using Allocation.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// Webhook delivery on PostgreSQL through a host restart: a receiver that fails gets the event again with backoff; the
/// host is killed; once the receiver recovers, the restarted host delivers it, signed, with the same event id.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private const string Secret = "a-secret-of-the-receiver";
    private static readonly string[] CancelledOnly = ["order.cancelled"];
    private static readonly string[] UnknownType = ["order.lost"];

    [Fact]
    public async Task Deliver_ReceiverFailsThenRecoversAcrossARestart_EventArrivesSignedWithTheSameId()
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        // The restarted silo takes the same address, so it supersedes the killed one instead of waiting for it to be declared dead.
        settings["Allocation:Host:SiloPort"] = FreePorts.NextText();
        settings["Allocation:Host:GatewayPort"] = FreePorts.NextText();
        settings["Allocation:Webhooks:DeliveryIntervalMilliseconds"] = "100";
        settings["Allocation:Webhooks:RetryDelayMillisecondsInitial"] = "100";
        settings["Allocation:Webhooks:RetryDelaySecondsMax"] = "1";
        // The receiver is on loopback: only an operator's allowance lets a webhook reach it.
        settings["Allocation:Webhooks:AllowPrivateDestinations"] = "true";
        using var receiver = new Receiver();
        string orderId;
        await using (var first = await HostProcess.StartAsync(settings))
        {
            var put = await first.Client.SendAsync(HttpMethod.Put, "/api/v1/webhooks/crm", new { url = receiver.Url, secret = Secret, eventTypes = CancelledOnly });
            Assert.Equal(HttpStatusCode.OK, put.Response.StatusCode);
            Assert.Null(put.Body!["secret"]);
            orderId = await CancelledOrderAsync(first.Client);
            await receiver.Failed(2).WaitAsync(TimeSpan.FromSeconds(60));
            await first.KillAsync();
        }

        receiver.Recover();
        await using var second = await HostProcess.StartAsync(settings);
        var delivered = await receiver.Acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains($"\"orderId\":\"{orderId}\"", delivered.Body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"order.cancelled\"", delivered.Body, StringComparison.Ordinal);
        // What a receiver checks: the signature over "{timestamp}.{body}", and a timestamp near its own clock.
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(delivered.Timestamp + "." + delivered.Body))), delivered.Signature);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(delivered.Timestamp, System.Globalization.CultureInfo.InvariantCulture), -5, 300);
        Assert.All(receiver.Attempts, attempt => Assert.Equal(delivered.EventId, attempt.EventId));
        var feed = await second.Client.SendAsync(HttpMethod.Get, "/api/v1/events?after=0");
        Assert.Equal(delivered.EventId, feed.Body!["events"]![0]!["eventId"]!.GetValue<string>());
        var webhook = await second.Client.SendAsync(HttpMethod.Get, "/api/v1/webhooks/crm");
        Assert.Equal(0, webhook.Body!["failedAttempts"]!.GetValue<int>());
        Assert.Equal(feed.Body["events"]![0]!["sequence"]!.GetValue<long>(), webhook.Body["deliveredThrough"]!.GetValue<long>());
    }

    /// <summary>
    /// Tenant "default" has a receiver that takes the request and never answers; tenant "other-tenant" one that answers
    /// at once. With free slots the prompt tenant's event arrives while the stalled request is still open (not delayed
    /// at all); with one slot, turns go round, so it arrives once the stalled round gives its slot up. The last case
    /// fills the one slot with a tenant that has nothing to send, round after round: it must still go round.
    /// </summary>
    [Theory]
    [InlineData(16, 60, true, true)]
    [InlineData(1, 2, true, false)]
    [InlineData(1, 2, false, false)]
    public async Task Deliver_OneTenantsReceiverStalls_AnotherTenantsEventsStillArrive(int tenantsInParallelMax, int requestTimeoutSeconds, bool stalledTenantHasEvent, bool whileStalled)
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Webhooks:DeliveryIntervalMilliseconds"] = "100";
        settings["Allocation:Webhooks:TenantsInParallelMax"] = tenantsInParallelMax.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Allocation:Webhooks:RequestTimeoutSeconds"] = requestTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Both receivers are on loopback, in this test: nothing is delivered off the machine.
        settings["Allocation:Webhooks:AllowPrivateDestinations"] = "true";
        using var stalling = new Receiver { Stalls = true };
        using var prompt = new Receiver();
        prompt.Recover();
        await using var host = await HostProcess.StartAsync(settings);
        using var other = host.ClientWithKey(HostProcess.OtherTenantAdminKey);
        var (_, network) = await host.Client.SendAsync(HttpMethod.Get, "/api/v1/network");
        (await other.SendAsync(HttpMethod.Put, "/api/v1/network", network!.ToJsonString())).Response.EnsureSuccessStatusCode();
        (await host.Client.SendAsync(HttpMethod.Put, "/api/v1/webhooks/slow", new { url = stalling.Url, secret = Secret, eventTypes = CancelledOnly })).Response.EnsureSuccessStatusCode();
        (await other.SendAsync(HttpMethod.Put, "/api/v1/webhooks/quick", new { url = prompt.Url, secret = Secret, eventTypes = CancelledOnly })).Response.EnsureSuccessStatusCode();

        if (stalledTenantHasEvent)
        {
            await CancelledOrderAsync(host.Client);
            await stalling.Failed(1).WaitAsync(TimeSpan.FromSeconds(60)); // the stalled request is open now
        }

        var otherOrderId = await CancelledOrderAsync(other);
        var delivered = await prompt.Acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stillStalled = stalling.OpenRequests;

        Assert.Contains($"\"orderId\":\"{otherOrderId}\"", delivered.Body, StringComparison.Ordinal);
        if (whileStalled)
        {
            Assert.Equal(1, stillStalled);
        }
    }

    [Fact]
    public async Task Put_BadUrlShortSecretUnknownType_Is400NamingEachField()
    {
        await using var database = await TestDatabases.CreateAsync();
        await using var host = await HostProcess.StartAsync(HostFixture.Settings(database.ConnectionString));

        var (response, problem) = await host.Client.SendAsync(HttpMethod.Put, "/api/v1/webhooks/crm", new { url = "ftp://x", secret = "short", eventTypes = UnknownType });
        var missing = await host.Client.SendAsync(HttpMethod.Get, "/api/v1/webhooks/crm");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["url", "secret", "eventTypes[0]"], problem.ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task Put_NonPublicDestinations_400NamingUrlAndNothingStored()
    {
        await using var database = await TestDatabases.CreateAsync();
        await using var host = await HostProcess.StartAsync(HostFixture.Settings(database.ConnectionString));
        string[] inward =
        [
            "http://127.0.0.1:55432/", "http://localhost:8080/hook", "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/",
            "http://172.16.0.1/", "http://192.168.1.10/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::1]/", "http://[fe80::1]/",
            "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://224.0.0.1/",
        ];

        foreach (var (index, url) in inward.Index())
        {
            var (response, problem) = await host.Client.SendAsync(HttpMethod.Put, $"/api/v1/webhooks/probe{index}", new { url, secret = Secret });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}");
            Assert.Equal(["url"], problem.ErrorFields());
            Assert.Equal(HttpStatusCode.NotFound, (await host.Client.SendAsync(HttpMethod.Get, $"/api/v1/webhooks/probe{index}")).Response.StatusCode);
        }
    }

    [Fact]
    public async Task Deliver_AllowanceWithdrawn_RefusedAtConnectWithAGenericErrorAndNothingSent()
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Host:SiloPort"] = FreePorts.NextText();
        settings["Allocation:Host:GatewayPort"] = FreePorts.NextText();
        settings["Allocation:Webhooks:RetryDelayMillisecondsInitial"] = "100";
        settings["Allocation:Webhooks:RetryDelaySecondsMax"] = "1";
        using var receiver = new Receiver();
        await using (var first = await HostProcess.StartAsync(new Dictionary<string, string>(settings)
        {
            ["Allocation:Webhooks:AllowPrivateDestinations"] = "true",
            ["Allocation:Webhooks:DeliveryIntervalMilliseconds"] = "60000",
        }))
        {
            (await first.Client.SendAsync(HttpMethod.Put, "/api/v1/webhooks/crm", new { url = receiver.Url, secret = Secret })).Response.EnsureSuccessStatusCode();
            await CancelledOrderAsync(first.Client);
            await first.KillAsync();
        }

        // The operator withdrew the allowance: the stored webhook's address is refused when the delivery connects.
        settings["Allocation:Webhooks:DeliveryIntervalMilliseconds"] = "100";
        await using var second = await HostProcess.StartAsync(settings);
        var webhook = await EventuallyAsync(second.Client, "/api/v1/webhooks/crm", body => body["failedAttempts"]!.GetValue<int>() >= 2);

        Assert.Equal("not delivered: the address is not public", webhook["lastError"]!.GetValue<string>());
        Assert.Empty(receiver.Attempts);
    }

    [Fact]
    public async Task Deliver_ReceiverRedirects_RedirectNotFollowedAndTheErrorSaysOnlyTheStatus()
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Webhooks:AllowPrivateDestinations"] = "true";
        settings["Allocation:Webhooks:DeliveryIntervalMilliseconds"] = "100";
        settings["Allocation:Webhooks:RetryDelayMillisecondsInitial"] = "100";
        settings["Allocation:Webhooks:RetryDelaySecondsMax"] = "1";
        using var target = new Receiver();
        using var redirecting = new Receiver { RedirectTo = target.Url };
        await using var host = await HostProcess.StartAsync(settings);
        (await host.Client.SendAsync(HttpMethod.Put, "/api/v1/webhooks/crm", new { url = redirecting.Url, secret = Secret })).Response.EnsureSuccessStatusCode();

        await CancelledOrderAsync(host.Client);
        var webhook = await EventuallyAsync(host.Client, "/api/v1/webhooks/crm", body => body["failedAttempts"]!.GetValue<int>() >= 2);

        Assert.Equal("not delivered: answered HTTP 302", webhook["lastError"]!.GetValue<string>());
        Assert.NotEmpty(redirecting.Attempts);
        Assert.Empty(target.Attempts);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> EventuallyAsync(HttpClient client, string path, Func<System.Text.Json.Nodes.JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (response, body) = await client.SendAsync(HttpMethod.Get, path);
            response.EnsureSuccessStatusCode();
            if (done(body!) || DateTime.UtcNow > deadline)
            {
                return body!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>A paid order of a new SKU, cancelled by the customer: one order.cancelled event.</summary>
    private static async Task<string> CancelledOrderAsync(HttpClient client)
    {
        var store = (await client.GetFromJsonAsync<List<StoreRow>>("/api/v1/stores"))!.First(row => row.ClickAndCollect).StoreId;
        var sku = "WH-" + Guid.NewGuid().ToString("N")[..10];
        (await client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "webhook item" })).Response.EnsureSuccessStatusCode();
        (await client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{store}/receipts", new { quantity = 1, documentId = "grn-" + sku })).Response.EnsureSuccessStatusCode();
        var orderId = "o-" + sku;
        (await client.SendAsync(HttpMethod.Post, "/api/v1/reservations", new { reservationId = orderId, lines = new[] { new { sku, storeId = store, quantity = 1 } } })).Response.EnsureSuccessStatusCode();
        (await client.SendAsync(HttpMethod.Post, $"/api/v1/reservations/{orderId}/confirm")).Response.EnsureSuccessStatusCode();
        (await client.SendAsync(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel", new { requestId = "x1", reason = "changed my mind" })).Response.EnsureSuccessStatusCode();
        return orderId;
    }

    private sealed record StoreRow(string StoreId, bool ClickAndCollect);

    private sealed record Delivery(string EventId, string Signature, string Timestamp, string Body);

    /// <summary>An HTTP receiver in the test: answers 500 until told to recover, then 200; records every attempt.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<Delivery> attempts = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> failedAt = new();
        private volatile bool recovered;
        private int failures;

        public Receiver()
        {
            Url = $"http://127.0.0.1:{FreePorts.NextText()}/hook/";
            listener.Prefixes.Add(Url);
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IReadOnlyCollection<Delivery> Attempts => attempts;

        public TaskCompletionSource<Delivery> Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Failed(int count) => failedAt.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Recover() => recovered = true;

        /// <summary>When set (and not recovered), every attempt is answered 302 to this address.</summary>
        public string? RedirectTo { get; init; }

        /// <summary>When set, every attempt is read and never answered (counted as a failure when it arrives).</summary>
        public bool Stalls { get; init; }

        /// <summary>Requests taken and not answered yet (a stalling receiver's).</summary>
        public int OpenRequests => closed ? 0 : stalled.Count;

        private readonly ConcurrentBag<HttpListenerContext> stalled = [];
        private volatile bool closed;

        public void Dispose()
        {
            closed = true;
            listener.Close();
        }

        private async Task ServeAsync()
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

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var delivery = new Delivery(context.Request.Headers["X-Allocation-Event-Id"] ?? "", context.Request.Headers["X-Allocation-Signature"] ?? "", context.Request.Headers["X-Allocation-Timestamp"] ?? "", await reader.ReadToEndAsync());
                attempts.Enqueue(delivery);
                if (Stalls)
                {
                    stalled.Add(context);
                    var stalledCount = Interlocked.Increment(ref failures);
                    failedAt.GetOrAdd(stalledCount, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                    continue;
                }

                if (RedirectTo is { } location && !recovered)
                {
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = location;
                }
                else
                {
                    context.Response.StatusCode = recovered ? 200 : 500;
                }

                context.Response.Close();
                if (recovered)
                {
                    Acknowledged.TrySetResult(delivery);
                }
                else
                {
                    var count = Interlocked.Increment(ref failures);
                    failedAt.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
        }
    }
}
