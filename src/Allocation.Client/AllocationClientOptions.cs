namespace Allocation.Client;

/// <summary>
/// Where the service is, the credential every call carries (an API key or a bearer token, one of them), and how hard a
/// call tries: each attempt is bounded, transient failures are retried with the same request (same ids, same bytes)
/// until the attempts or the total time run out.
/// </summary>
public sealed class AllocationClientOptions
{
    public const int RetryAttemptsMaxLimit = 10;
    public const int TimeoutSecondsMaxLimit = 600;
    public const int RetryDelayMillisecondsMaxLimit = 60_000;

    /// <summary>The service's root, e.g. http://allocation.internal:5080/ (routes are /api/v1/... below it).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key (alk.{tenant}.{keyId}.{secret}), sent as X-Api-Key.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A bearer token (JWT from the identity provider), asked for on every attempt so a refreshed one is used.</summary>
    public Func<CancellationToken, ValueTask<string>>? BearerToken { get; set; }

    /// <summary>Retries after the first attempt (0: one attempt only, the caller retries itself).</summary>
    public int RetryAttemptsMax { get; set; } = 4;

    /// <summary>The first pause between attempts; it doubles (with jitter) each time, unless the service says Retry-After.</summary>
    public int RetryDelayMilliseconds { get; set; } = 250;

    /// <summary>One attempt's time limit; past it the attempt counts as a transient failure.</summary>
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>The whole call's time limit, every attempt and pause included.</summary>
    public int TotalTimeoutSeconds { get; set; } = 60;

    /// <summary>What is wrong with these options (empty when they can be used).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BaseAddress is not { IsAbsoluteUri: true })
        {
            problems.Add("BaseAddress must be an absolute http(s) address");
        }

        if ((ApiKey is null) == (BearerToken is null))
        {
            problems.Add("give exactly one credential: ApiKey or BearerToken");
        }

        if (ApiKey is not null && (ApiKey.Length == 0 || ApiKey.Any(char.IsWhiteSpace)))
        {
            problems.Add("ApiKey must not be empty or contain white space");
        }

        if (RetryAttemptsMax is < 0 or > RetryAttemptsMaxLimit)
        {
            problems.Add($"RetryAttemptsMax must be 0 to {RetryAttemptsMaxLimit}");
        }

        if (RetryDelayMilliseconds is < 1 or > RetryDelayMillisecondsMaxLimit)
        {
            problems.Add($"RetryDelayMilliseconds must be 1 to {RetryDelayMillisecondsMaxLimit}");
        }

        if (AttemptTimeoutSeconds is < 1 or > TimeoutSecondsMaxLimit || TotalTimeoutSeconds is < 1 or > TimeoutSecondsMaxLimit)
        {
            problems.Add($"AttemptTimeoutSeconds and TotalTimeoutSeconds must be 1 to {TimeoutSecondsMaxLimit}");
        }

        if (AttemptTimeoutSeconds > TotalTimeoutSeconds)
        {
            problems.Add("AttemptTimeoutSeconds must not exceed TotalTimeoutSeconds");
        }

        return problems;
    }
}
