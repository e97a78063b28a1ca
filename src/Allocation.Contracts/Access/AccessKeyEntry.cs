namespace Allocation.Contracts.Access;

/// <summary>
/// One API key as stored: never the key itself, only its SHA-256 digest. <see cref="StoreIds"/> names the stores a
/// store-staff key acts for (empty for the other roles). A key past <see cref="ExpiresAt"/> is refused as a revoked
/// one is. A configured key that was revoked is stored as an entry of its own (its id <c>cfg-…</c>), revoked.
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
    [property: Id(7)] DateTimeOffset? LastUsedAt,
    [property: Id(8)] DateTimeOffset? ExpiresAt = null)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Not revoked and not expired at <paramref name="now"/>.</summary>
    public bool IsLiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
