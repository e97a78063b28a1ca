namespace Allocation.Load.Tests.Support;

/// <summary>An HTTP handler that never answers: the caller's own timeout has to end the request.</summary>
internal sealed class HangingHandler : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
    }
}
