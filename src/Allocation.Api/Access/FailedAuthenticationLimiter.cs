using System.Threading.RateLimiting;

namespace Allocation.Api.Access;

/// <summary>
/// Failed authentications per client address, in fixed windows (ASP.NET Core's rate limiter): past
/// <see cref="AccessOptions.FailedAuthenticationsPerMinuteMax"/> in a minute, the address's requests with a credential
/// (API keys and bearer tokens alike) are answered 429 unread until the window ends, valid keys included (a key guesser learns nothing more). Behind a
/// proxy the client address is the proxy's unless forwarded headers are configured.
/// </summary>
public sealed class FailedAuthenticationLimiter : IDisposable
{
    public const int WindowSeconds = 60;

    /// <summary>What a blocked address is told (401 problem detail; the answer is 429).</summary>
    public static readonly string BlockedReason = $"too many failed authentications from this address; retry after at most {WindowSeconds} s";

    private readonly PartitionedRateLimiter<string> limiter;

    public FailedAuthenticationLimiter(IOptions<AccessOptions> options)
    {
        var permits = options.Value.FailedAuthenticationsPerMinuteMax;
        limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromSeconds(WindowSeconds),
            QueueLimit = 0,
        }));
    }

    /// <summary>Whether the address used up its failures for this window (asks for no permit).</summary>
    public bool IsBlocked(HttpContext context)
    {
        using var lease = limiter.AttemptAcquire(AddressOf(context), 0);
        return !lease.IsAcquired;
    }

    public void NoteFailure(HttpContext context) => limiter.AttemptAcquire(AddressOf(context), 1).Dispose();

    public void Dispose() => limiter.Dispose();

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
