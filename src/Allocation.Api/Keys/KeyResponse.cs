using Allocation.Contracts.Access;

namespace Allocation.Api.Keys;

/// <summary>A key as listed: never its text or digest.</summary>
public sealed record KeyResponse(string KeyId, string Name, string Role, IReadOnlyList<string> StoreIds, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public static KeyResponse Of(AccessKeyEntry entry) =>
        new(entry.KeyId, entry.Name, entry.Role, entry.StoreIds, entry.CreatedAt, entry.RevokedAt, entry.LastUsedAt);
}
