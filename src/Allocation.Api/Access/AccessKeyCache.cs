using Allocation.Contracts.Access;
using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Allocation.Api.Access;

/// <summary>
/// What this host read of stored keys, for <see cref="AccessOptions.KeyCacheSeconds"/>, so a checkout request does
/// not pay a grain call to be authenticated. Unknown keys are remembered too (a flood of made-up keys costs one lookup
/// each per period). Also throttles last-used writes to one per key per <see cref="AccessOptions.LastUsedResolutionSeconds"/>.
/// </summary>
public sealed class AccessKeyCache(IGrainFactory grains, IOptions<AccessOptions> options, TimeProvider time)
{
    /// <summary>Beyond this many remembered keys the cache starts over (bounded memory against made-up key ids).</summary>
    public const int EntriesMax = 100_000;

    private readonly ConcurrentDictionary<(string TenantId, string KeyId), Remembered> entries = new();
    private readonly ConcurrentDictionary<(string TenantId, string KeyId), long> lastTouches = new();
    private readonly FrozenDictionary<string, ConfiguredAccessKey> configured =
        options.Value.Keys.ToFrozenDictionary(key => key.KeySha256.ToUpperInvariant(), StringComparer.Ordinal);

    /// <summary>The configured key whose text has this SHA-256 digest.</summary>
    public ConfiguredAccessKey? FindConfigured(byte[] digest) => configured.GetValueOrDefault(Convert.ToHexString(digest));

    public async Task<AccessKeyEntry?> FindAsync(string tenantId, string keyId)
    {
        var now = time.GetTimestamp();
        if (entries.TryGetValue((tenantId, keyId), out var remembered) && time.GetElapsedTime(remembered.ReadAt, now).TotalSeconds < options.Value.KeyCacheSeconds)
        {
            return remembered.Entry;
        }

        var entry = await grains.GetGrain<IAccessKeysGrain>(tenantId).Find(keyId);
        if (entries.Count >= EntriesMax)
        {
            entries.Clear();
        }

        entries[(tenantId, keyId)] = new Remembered(entry, now);
        return entry;
    }

    /// <summary>Forgets a key at once (revoked on this host).</summary>
    public void Forget(string tenantId, string keyId) => entries.TryRemove((tenantId, keyId), out _);

    public void NoteUsed(string tenantId, string keyId)
    {
        var now = time.GetTimestamp();
        var last = lastTouches.GetValueOrDefault((tenantId, keyId), long.MinValue);
        if (last != long.MinValue && time.GetElapsedTime(last, now).TotalSeconds < options.Value.LastUsedResolutionSeconds)
        {
            return;
        }

        if (lastTouches.Count >= EntriesMax)
        {
            lastTouches.Clear();
        }

        lastTouches[(tenantId, keyId)] = now;
        _ = grains.GetGrain<IAccessKeysGrain>(tenantId).Touch(keyId, time.GetUtcNow());
    }

    private readonly record struct Remembered(AccessKeyEntry? Entry, long ReadAt);
}
