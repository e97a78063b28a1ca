namespace Allocation.Bench.Http;

/// <summary>The generator's HTTP client for one target: HTTP/1.1 over loopback, at most the given connections, kept open.</summary>
internal static class LoadClient
{
    /// <summary>A request still unanswered after this is an error answer; far beyond any p99 the issue accepts.</summary>
    private const int RequestTimeLimitSeconds = 30;

    public static HttpClient Create(Uri baseAddress, int connections, string? apiKey = null)
    {
        var client = Unauthenticated(baseAddress, connections);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    private static HttpClient Unauthenticated(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(RequestTimeLimitSeconds),
        DefaultRequestVersion = System.Net.HttpVersion.Version11,
    };
}
