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
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(delivered.Body))), delivered.Signature);
        Assert.All(receiver.Attempts, attempt => Assert.Equal(delivered.EventId, attempt.EventId));
        var feed = await second.Client.SendAsync(HttpMethod.Get, "/api/v1/events?after=0");
        Assert.Equal(delivered.EventId, feed.Body!["events"]![0]!["eventId"]!.GetValue<string>());
        var webhook = await second.Client.SendAsync(HttpMethod.Get, "/api/v1/webhooks/crm");
        Assert.Equal(0, webhook.Body!["failedAttempts"]!.GetValue<int>());
        Assert.Equal(feed.Body["events"]![0]!["sequence"]!.GetValue<long>(), webhook.Body["deliveredThrough"]!.GetValue<long>());
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

    private sealed record Delivery(string EventId, string Signature, string Body);

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

        public void Dispose() => listener.Close();

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
                var delivery = new Delivery(context.Request.Headers["X-Allocation-Event-Id"] ?? "", context.Request.Headers["X-Allocation-Signature"] ?? "", await reader.ReadToEndAsync());
                attempts.Enqueue(delivery);
                context.Response.StatusCode = recovered ? 200 : 500;
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
