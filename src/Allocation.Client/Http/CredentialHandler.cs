using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Allocation.Client.Http;

/// <summary>Puts the credential on every attempt: X-Api-Key, or a bearer token asked for afresh each time.</summary>
internal sealed class CredentialHandler(IOptionsMonitor<AllocationClientOptions> options, string name) : DelegatingHandler
{
    public const string ApiKeyHeader = "X-Api-Key";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.Get(name);
        request.Headers.Remove(ApiKeyHeader);
        request.Headers.Authorization = null;
        if (current.ApiKey is { } key)
        {
            request.Headers.Add(ApiKeyHeader, key);
        }
        else if (current.BearerToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token(cancellationToken));
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
