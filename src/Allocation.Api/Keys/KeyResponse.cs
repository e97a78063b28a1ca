using Allocation.Api.Access;
using Allocation.Contracts.Access;

namespace Allocation.Api.Keys;

/// <summary>A key as listed: never its text or digest. Configured keys are listed too (<c>configured</c>, id <c>cfg-…</c>).</summary>
public sealed record KeyResponse(
    string KeyId, string Name, string Role, IReadOnlyList<string> StoreIds, DateTimeOffset? CreatedAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, bool Configured)
{
    public static KeyResponse Of(AccessKeyEntry entry) =>
        new(entry.KeyId, entry.Name, entry.Role, entry.StoreIds, entry.CreatedAt, entry.RevokedAt, entry.LastUsedAt, entry.ExpiresAt, Configured: false);

    public static KeyResponse Of(ConfiguredAccessKey key, AccessKeyEntry? revoked) =>
        new(AccessKeyCache.ConfiguredKeyId(key), key.Name, key.Role, key.StoreIds, null, revoked?.RevokedAt, null, null, Configured: true);
}
