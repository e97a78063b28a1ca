using Allocation.Contracts.Orders;
using Allocation.Contracts.Webhooks;
using Allocation.Grains.Common;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Notifications;

/// <summary>
/// Posts one event to one webhook: the event as the feed shows it, its id in a header for the receiver's dedup, the
/// time of sending in <see cref="WebhookLimits.TimestampHeader"/>, and an HMAC-SHA256 under the webhook's secret of
/// <c>{timestamp}.{body}</c> (so a captured delivery cannot be replayed once the receiver's window has passed). The
/// connection goes only to an address <see cref="WebhookDestinations"/> accepts, checked on the address the name
/// resolved to at this delivery (unless <see cref="WebhookOptions.AllowPrivateDestinations"/>); redirects are not
/// followed. Any answer but 2xx (or none in time) is a failure, described without what answered or why it did not.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const string RefusedDestination = "not delivered: the address is not public";
    public const string NoAnswer = "not delivered: no answer (connection failed or timed out)";

    private readonly HttpClient client;
    private readonly AllocationClock clock;

    public WebhookSender(IOptions<WebhookOptions> options, AllocationClock clock)
    {
        this.clock = clock;
        var allowPrivate = options.Value.AllowPrivateDestinations;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
        };
        client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds) };
    }

    /// <summary>Null when acknowledged, else why not, in words that say nothing of what is at the address.</summary>
    public async Task<string?> SendAsync(string url, string secret, OrderEvent orderEvent)
    {
        var body = Body(orderEvent);
        var timestamp = clock.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookLimits.EventIdHeader, orderEvent.EventId);
        request.Headers.Add(WebhookLimits.EventTypeHeader, orderEvent.Type);
        request.Headers.Add(WebhookLimits.TimestampHeader, timestamp);
        request.Headers.Add(WebhookLimits.SignatureHeader, Signature(secret, timestamp, body));
        try
        {
            using var response = await client.SendAsync(request);
            return response.IsSuccessStatusCode ? null : $"not delivered: answered HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception) when (exception.InnerException is DestinationRefusedException)
        {
            return RefusedDestination;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return NoAnswer;
        }
    }

    /// <summary>What a receiver recomputes: HMAC-SHA256 under the secret of the timestamp header, a dot, and the body.</summary>
    public static string Signature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

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

    /// <summary>Resolves the name now and connects only to an accepted address: a name cannot be re-pointed inward after registration.</summary>
    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var accepted = addresses.Where(address => allowPrivate || WebhookDestinations.IsPublic(address)).ToArray();
        if (accepted.Length == 0)
        {
            throw new DestinationRefusedException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(accepted, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class DestinationRefusedException : Exception
    {
        public DestinationRefusedException()
            : base("the webhook's address is not public")
        {
        }
    }
}
