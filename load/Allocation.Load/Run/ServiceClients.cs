using System.Net;
using Allocation.Load.Profiles;
using Allocation.Load.Service;

namespace Allocation.Load.Run;

/// <summary>The HTTP client (one connection per request in flight, at most) and the retrying service over it.</summary>
public static class ServiceClients
{
    private static readonly TimeSpan BackoffInitial = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A checkout retrying a refused connection tries again within half a second. With 2 s, the callers of a run whose
    /// host was killed were still asleep when it came back: the first retries reached the restarted host 1.0-2.0 s
    /// after its banner (its request log), a gap the service did not cause.
    /// </summary>
    private static readonly TimeSpan BackoffMax = TimeSpan.FromMilliseconds(500);

    /// <summary>Connections are renewed now and then, so a restarted host or a moved DNS name is picked up.</summary>
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>A refused connection answers at once; this only bounds a connect that hangs.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static HttpClient CreateHttpClient(Uri baseAddress, int maxInFlight, string? apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxInFlight,
            PooledConnectionLifetime = ConnectionLifetime,
            ConnectTimeout = ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>One attempt per call: the first probe of a service must fail fast, not retry for the whole budget.</summary>
    public static IAllocationService CreateSingleAttempt(HttpClient http, LoadProfile profile) =>
        new HttpAllocationService(http, TimeSpan.FromSeconds(profile.RequestTimeoutSeconds));

    public static IAllocationService Create(HttpClient http, LoadProfile profile) =>
        new RetryingAllocationService(CreateSingleAttempt(http, profile), Policy(profile), TimeProvider.System);

    /// <summary>The store-operations API with the same retries as checkout (every store write carries its request id).</summary>
    public static IStoreOperations CreateStore(HttpClient http, LoadProfile profile) =>
        new RetryingStoreOperations(new HttpStoreOperations(http, TimeSpan.FromSeconds(profile.RequestTimeoutSeconds)), Policy(profile), TimeProvider.System);

    private static RetryPolicy Policy(LoadProfile profile) => new(TimeSpan.FromSeconds(profile.RetryBudgetSeconds), BackoffInitial, BackoffMax);
}
