using System.Net;
using Polly;
using Polly.Timeout;

namespace Allocation.Client.Http;

/// <summary>
/// What the client retries: no answer (connection refused or reset, an attempt timed out) and the gateway answers that
/// mean "not now" (502, 503, 504). A 500 is a fault and a 4xx a decision: both are answered at once.
/// </summary>
internal static class TransientFailures
{
    public static ValueTask<bool> ShouldRetry(Outcome<HttpResponseMessage> outcome) => ValueTask.FromResult(outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    });
}
