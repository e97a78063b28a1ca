using Allocation.Contracts.Access;
using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Allocation.Api.Access;

/// <summary>
/// What this host read of stored keys, so a request does not pay a grain call to be authenticated. Kept per tenant,
/// and only for tenants that exist: the tenants with stored keys (the cluster's directory, read at most every
/// <see cref="AccessOptions.KeyCacheSeconds"/>) and those of configured keys. A key naming any other tenant is refused
/// without a call, and a made-up key id of a real tenant is refused from that tenant's cached list, so a flood of
/// made-up keys neither reaches a grain per request nor pushes genuine keys out: memory is bounded by the tenants
/// (<see cref="AccessLimits.TenantsMax"/>) and their keys (<see cref="AccessLimits.KeysPerTenantMax"/> each).
/// A revocation on this host is exact: <see cref="Forget"/> moves the tenant's generation on, and a list read that
/// began before it is never used by a request that comes after.
/// </summary>
public sealed class AccessKeyCache(IGrainFactory grains, IOptions<AccessOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>Prefix of the id a configured key is listed and revoked by: <c>cfg-</c> and 12 hex digits of its digest.</summary>
    public const string ConfiguredKeyIdPrefix = "cfg-";

    private const int ConfiguredKeyIdDigits = 12;

    private readonly ConcurrentDictionary<string, Loaded> tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> generations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string TenantId, string KeyId), long> lastTouches = new();
    private readonly FrozenDictionary<string, ConfiguredAccessKey> configured =
        options.Value.Keys.ToFrozenDictionary(key => key.KeySha256.ToUpperInvariant(), StringComparer.Ordinal);
    private readonly FrozenSet<string> operators = options.Value.OperatorKeys.Select(key => key.KeySha256.ToUpperInvariant()).ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenSet<string> configuredTenants = options.Value.Keys.Select(key => key.TenantId).ToFrozenSet(StringComparer.Ordinal);
    private readonly SemaphoreSlim directoryRead = new(1, 1);
    private Directory? directory;

    /// <summary>The configured key whose text has this SHA-256 digest.</summary>
    public ConfiguredAccessKey? FindConfigured(byte[] digest) => configured.GetValueOrDefault(Convert.ToHexString(digest));

    /// <summary>Whether this digest is an operator key's (null when not).</summary>
    public string? FindOperator(byte[] digest) => Convert.ToHexString(digest) is var hex && operators.Contains(hex) ? hex : null;

    /// <summary>The tenant's configured keys, for the listing.</summary>
    public IEnumerable<ConfiguredAccessKey> ConfiguredOf(string tenantId) => configured.Values.Where(key => key.TenantId == tenantId);

    /// <summary>The id a configured key is listed and revoked by.</summary>
    public static string ConfiguredKeyId(ConfiguredAccessKey key) => ConfiguredKeyIdPrefix + key.KeySha256[..ConfiguredKeyIdDigits].ToLowerInvariant();

    /// <summary>The stored key (or revoked configured key) with this id; null when the tenant is unknown or has no such key.</summary>
    public async ValueTask<AccessKeyEntry?> FindAsync(string tenantId, string keyId)
    {
        if (!configuredTenants.Contains(tenantId) && !await IsListedTenantAsync(tenantId))
        {
            return null;
        }

        return (await KeysOfAsync(tenantId)).GetValueOrDefault(keyId);
    }

    /// <summary>A tenant whose first key this host just stored: known here at once, on other hosts at their next directory read.</summary>
    public void NoteTenant(string tenantId)
    {
        var current = directory;
        if (current is not null && !current.Tenants.Contains(tenantId))
        {
            directory = current with { Tenants = current.Tenants.Append(tenantId).ToFrozenSet(StringComparer.Ordinal) };
        }
    }

    /// <summary>Forgets what this host read of the tenant's keys (a key was revoked, rotated or added here).</summary>
    public void Forget(string tenantId)
    {
        generations.AddOrUpdate(tenantId, 1, (_, generation) => generation + 1);
        tenants.TryRemove(tenantId, out _);
    }

    public void NoteUsed(string tenantId, string keyId)
    {
        var now = time.GetTimestamp();
        var last = lastTouches.GetValueOrDefault((tenantId, keyId), long.MinValue);
        if (last != long.MinValue && time.GetElapsedTime(last, now).TotalSeconds < options.Value.LastUsedResolutionSeconds)
        {
            return;
        }

        // Only genuine keys get here (after their digest matched), so this holds at most every live key once.
        if (lastTouches.Count >= AccessLimits.TenantsMax)
        {
            lastTouches.Clear();
        }

        lastTouches[(tenantId, keyId)] = now;
        _ = grains.GetGrain<IAccessKeysGrain>(tenantId).Touch(keyId, time.GetUtcNow());
    }

    public void Dispose() => directoryRead.Dispose();

    private async ValueTask<FrozenDictionary<string, AccessKeyEntry>> KeysOfAsync(string tenantId)
    {
        while (true)
        {
            var generation = generations.GetValueOrDefault(tenantId);
            if (tenants.TryGetValue(tenantId, out var loaded) && loaded.Generation == generation && !IsStale(loaded))
            {
                try
                {
                    return await loaded.Keys.Value;
                }
                catch
                {
                    // A failed read is not remembered: the next request reads again.
                    tenants.TryRemove(KeyValuePair.Create(tenantId, loaded));
                    throw;
                }
            }

            var fresh = new Loaded(new Lazy<Task<FrozenDictionary<string, AccessKeyEntry>>>(() => ReadKeysAsync(tenantId)), time.GetTimestamp(), generation);
            var placed = loaded is null ? tenants.TryAdd(tenantId, fresh) : tenants.TryUpdate(tenantId, fresh, loaded);
            if (!placed)
            {
                continue;
            }
        }
    }

    private async Task<FrozenDictionary<string, AccessKeyEntry>> ReadKeysAsync(string tenantId) =>
        (await grains.GetGrain<IAccessKeysGrain>(tenantId).List()).ToFrozenDictionary(entry => entry.KeyId, StringComparer.Ordinal);

    private bool IsStale(Loaded loaded) =>
        loaded.Keys.IsValueCreated && loaded.Keys.Value.IsCompleted && time.GetElapsedTime(loaded.ReadAt).TotalSeconds >= options.Value.KeyCacheSeconds;

    /// <summary>Whether the cluster's directory lists the tenant; the directory is read once per period by one request, the others wait for it.</summary>
    private async ValueTask<bool> IsListedTenantAsync(string tenantId)
    {
        var current = directory;
        if (current is not null && !IsStale(current))
        {
            return current.Tenants.Contains(tenantId);
        }

        await directoryRead.WaitAsync();
        try
        {
            current = directory;
            if (current is null || IsStale(current))
            {
                var listed = await grains.GetGrain<IAccessTenantsGrain>(IAccessTenantsGrain.DirectoryKey).List();
                current = new Directory(listed.ToFrozenSet(StringComparer.Ordinal), time.GetTimestamp());
                directory = current;
            }
        }
        finally
        {
            directoryRead.Release();
        }

        return current.Tenants.Contains(tenantId);
    }

    /// <summary>The directory is read at least a second apart, even with no key cache (KeyCacheSeconds 0).</summary>
    private bool IsStale(Directory read) => time.GetElapsedTime(read.ReadAt).TotalSeconds >= Math.Max(1, options.Value.KeyCacheSeconds);

    private sealed record Loaded(Lazy<Task<FrozenDictionary<string, AccessKeyEntry>>> Keys, long ReadAt, long Generation);

    private sealed record Directory(FrozenSet<string> Tenants, long ReadAt);
}
