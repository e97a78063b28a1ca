using Allocation.Contracts.Access;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Access;

/// <summary>
/// The API keys of one tenant, one grain record per key (an added, revoked or used key writes one small row, not the
/// tenant's whole list). Not reentrant: each change is stored before the next call runs. A write that fails leaves no
/// trace: the activation stops serving and the next call reloads what is stored.
/// </summary>
internal sealed class AccessKeysGrain(GrainRecords records, AllocationClock clock) : Grain, IAccessKeysGrain
{
    private readonly Dictionary<string, AccessKeyEntry> keys = new(StringComparer.Ordinal);
    private RecordOwner owner;
    private DurableActivation activation = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activation = new DurableActivation(this, "the tenant's keys");
        owner = new RecordOwner(StorageNames.AccessKeyRecord, this.GetPrimaryKeyString());
        foreach (var (_, entry) in await records.ReadAsync<AccessKeyEntry>(owner))
        {
            keys[entry.KeyId] = entry;
        }
    }

    public async Task<AccessKeyAddOutcome> Add(AccessKeyEntry entry)
    {
        activation.EnsureServing();
        Invariant.Require(entry.KeySha256.Length == AccessLimits.KeyHashBytes, $"key {entry.KeyId} has a digest of {entry.KeySha256.Length} bytes");
        if (keys.ContainsKey(entry.KeyId))
        {
            return AccessKeyAddOutcome.AlreadyExists;
        }

        if (keys.Count >= AccessLimits.KeysPerTenantMax)
        {
            return AccessKeyAddOutcome.LimitReached;
        }

        // Listed first: a key of a tenant the hosts do not list is refused unread.
        if (!await GrainFactory.GetGrain<IAccessTenantsGrain>(IAccessTenantsGrain.DirectoryKey).Register(this.GetPrimaryKeyString()))
        {
            return AccessKeyAddOutcome.TenantLimitReached;
        }

        await SaveAsync(entry);
        return AccessKeyAddOutcome.Added;
    }

    public async Task<AccessKeyRotateOutcome> Rotate(string keyId, AccessKeyEntry replacement, DateTimeOffset retiresAt)
    {
        activation.EnsureServing();
        Invariant.Require(replacement.KeySha256.Length == AccessLimits.KeyHashBytes, $"key {replacement.KeyId} has a digest of {replacement.KeySha256.Length} bytes");
        if (!keys.TryGetValue(keyId, out var retiring) || keyId.StartsWith(ConfiguredKeyIdPrefix, StringComparison.Ordinal))
        {
            return AccessKeyRotateOutcome.NotFound;
        }

        if (!retiring.IsLiveAt(clock.UtcNow))
        {
            return AccessKeyRotateOutcome.NotLive;
        }

        if (keys.Count >= AccessLimits.KeysPerTenantMax)
        {
            return AccessKeyRotateOutcome.LimitReached;
        }

        // The new key first: if the second write fails, the old key still works and the new one can be revoked.
        await SaveAsync(replacement);
        var expiresAt = retiring.ExpiresAt is { } expiry && expiry < retiresAt ? expiry : retiresAt;
        await SaveAsync(retiring with { ExpiresAt = expiresAt });
        return AccessKeyRotateOutcome.Rotated;
    }

    /// <summary>Ids of revoked configured keys (the API's ConfiguredKeyId); they are never rotated.</summary>
    private const string ConfiguredKeyIdPrefix = "cfg-";

    public Task<AccessKeyEntry?> Find(string keyId)
    {
        activation.EnsureServing();
        return Task.FromResult(keys.GetValueOrDefault(keyId));
    }

    public Task<IReadOnlyList<AccessKeyEntry>> List()
    {
        activation.EnsureServing();
        return Task.FromResult<IReadOnlyList<AccessKeyEntry>>(keys.Values.OrderBy(entry => entry.CreatedAt).ThenBy(entry => entry.KeyId, StringComparer.Ordinal).ToList());
    }

    public async Task<bool> Revoke(string keyId)
    {
        activation.EnsureServing();
        if (!keys.TryGetValue(keyId, out var entry))
        {
            return false;
        }

        if (!entry.IsRevoked)
        {
            await SaveAsync(entry with { RevokedAt = clock.UtcNow });
        }

        return true;
    }

    public async Task Touch(string keyId, DateTimeOffset usedAt)
    {
        if (activation.Failed || !keys.TryGetValue(keyId, out var entry) || entry.LastUsedAt >= usedAt)
        {
            return;
        }

        await SaveAsync(entry with { LastUsedAt = usedAt });
    }

    private async Task SaveAsync(AccessKeyEntry entry)
    {
        // Memory still agrees with what is stored (the entry is only applied below), but the writer's epoch moved
        // on: reload before serving, as every record owner does.
        await activation.WriteOrFailAsync(records.WriteAsync(new RecordKey(owner, entry.KeyId), entry, null));

        keys[entry.KeyId] = entry;
    }

}
