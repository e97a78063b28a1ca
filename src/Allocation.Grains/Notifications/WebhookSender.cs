using Allocation.Contracts.Orders;
using Allocation.Contracts.Webhooks;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Notifications;

/// <summary>
/// Posts one event to one webhook: the event as the feed shows it, signed with HMAC-SHA256 of the body under the
/// webhook's secret, its id in a header for the receiver's dedup. Any answer but 2xx (or none in time) is a failure.
/// </summary>
internal sealed class WebhookSender(IOptions<WebhookOptions> options) : IDisposable
{
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds) };

    /// <summary>Null when acknowledged, else why not.</summary>
    public async Task<string?> SendAsync(string url, string secret, OrderEvent orderEvent)
    {
        var body = Body(orderEvent);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookLimits.EventIdHeader, orderEvent.EventId);
        request.Headers.Add(WebhookLimits.EventTypeHeader, orderEvent.Type);
        request.Headers.Add(WebhookLimits.SignatureHeader, Signature(secret, body));
        try
        {
            using var response = await client.SendAsync(request);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return exception.GetType().Name + ": " + exception.Message;
        }
    }

    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static string Body(OrderEvent orderEvent) => new JsonObject
    {
        ["eventId"] = orderEvent.EventId,
        ["sequence"] = orderEvent.Sequence,
        ["type"] = orderEvent.Type,
        ["orderId"] = orderEvent.OrderId,
        ["occurredAt"] = orderEvent.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        ["data"] = JsonNode.Parse(orderEvent.Data),
    }.ToJsonString();

    public void Dispose() => client.Dispose();
}
