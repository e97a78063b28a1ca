using System.ComponentModel.DataAnnotations;

namespace Allocation.Api.Access;

public sealed class AccessOptions
{
    public const string SectionName = "Allocation:Access";

    public const int KeyCacheSecondsMax = 300;

    public ConfiguredAccessKey[] Keys { get; set; } = [];

    /// <summary>
    /// Operator credentials: they read the cluster-wide views (/metrics, /dashboard) and nothing of any tenant. Only
    /// the SHA-256 of each key's text, as for <see cref="Keys"/>; no tenant's key, however privileged, reads those views.
    /// </summary>
    public OperatorAccessKey[] OperatorKeys { get; set; } = [];

    public const int FailedAuthenticationsPerMinuteMaxLimit = 100_000;

    /// <summary>Failed authentications a client address may make in a minute before its requests are answered 429.</summary>
    [Range(1, FailedAuthenticationsPerMinuteMaxLimit)]
    public int FailedAuthenticationsPerMinuteMax { get; set; } = 100;

    public JwtAccessOptions Jwt { get; set; } = new();

    /// <summary>
    /// How long a host trusts what it read of a stored key. A revocation takes effect at once on the host that
    /// revoked it and within this time on the others.
    /// </summary>
    [Range(0, KeyCacheSecondsMax)]
    public int KeyCacheSeconds { get; set; } = 10;

    /// <summary>A key's last-used time is written at most this often per key and host (a write per request would cost a disk sync).</summary>
    [Range(1, 3600)]
    public int LastUsedResolutionSeconds { get; set; } = 60;
}
