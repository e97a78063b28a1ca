namespace Allocation.Contracts.Access;

/// <summary>
/// One API key as stored: never the key itself, only its SHA-256 digest. <see cref="StoreIds"/> names the stores a
/// store-staff key acts for (empty for the other roles).
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.access-key-entry")]
public sealed record AccessKeyEntry(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role,
    [property: Id(3)] IReadOnlyList<string> StoreIds,
    [property: Id(4)] byte[] KeySha256,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? RevokedAt,
    [property: Id(7)] DateTimeOffset? LastUsedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
