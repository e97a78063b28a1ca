namespace Allocation.Contracts.Access;

public enum AccessKeyRotateOutcome
{
    Rotated = 0,

    /// <summary>The tenant has no such key (or it is a configured key: those are replaced in configuration).</summary>
    NotFound = 1,

    /// <summary>The key is revoked or expired: nothing to hand over from; create a key instead.</summary>
    NotLive = 2,

    /// <summary>The tenant holds <see cref="AccessLimits.KeysPerTenantMax"/> keys; nothing changed.</summary>
    LimitReached = 3,
}
