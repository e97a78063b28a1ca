namespace Allocation.Contracts.Access;

/// <summary>The API keys of one tenant (key: the tenant id). Each change is durable before it answers.</summary>
public interface IAccessKeysGrain : IGrainWithStringKey
{
    Task<AccessKeyAddOutcome> Add(AccessKeyEntry entry);

    /// <summary>The key with this id, revoked or not; null when the tenant has none.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<AccessKeyEntry?> Find(string keyId);

    Task<IReadOnlyList<AccessKeyEntry>> List();

    /// <summary>Revokes the key; false when the tenant has no such key. Revoking twice keeps the first time.</summary>
    Task<bool> Revoke(string keyId);

    /// <summary>
    /// Adds <paramref name="replacement"/> and retires the key <paramref name="keyId"/> at <paramref name="retiresAt"/>
    /// (sooner if it expires sooner): both work until then, for the hand-over.
    /// </summary>
    Task<AccessKeyRotateOutcome> Rotate(string keyId, AccessKeyEntry replacement, DateTimeOffset retiresAt);

    /// <summary>Records that the key was used; callers send this at most once a minute or so per key.</summary>
    [Orleans.Concurrency.OneWay]
    Task Touch(string keyId, DateTimeOffset usedAt);
}
