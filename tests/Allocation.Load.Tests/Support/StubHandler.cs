using System.Net;
using System.Text;

namespace Allocation.Load.Tests.Support;

/// <summary>An HTTP handler that answers every request with one status and JSON body, recording what was asked.</summary>
internal sealed class StubHandler(HttpStatusCode status, string json) : HttpMessageHandler
{
    public List<string> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
