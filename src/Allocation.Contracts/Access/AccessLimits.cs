namespace Allocation.Contracts.Access;

public static class AccessLimits
{
    /// <summary>Keys a tenant may hold, revoked ones included (they stay listed, with when they were revoked).</summary>
    public const int KeysPerTenantMax = 1_000;

    /// <summary>Stores one store-staff key may act for.</summary>
    public const int StoresPerKeyMax = 500;

    public const int KeyNameLengthMax = 100;

    /// <summary>A presented key longer than this is refused unread; real keys are about 70 characters plus the tenant.</summary>
    public const int KeyTextLengthMax = 256;

    /// <summary>Tenants with stored keys a cluster holds: every host keeps the list, and keys of no listed tenant are refused unread.</summary>
    public const int TenantsMax = 10_000;

    /// <summary>The longest a key may live (its expiry at most this far from its creation).</summary>
    public const int KeyLifetimeDaysMax = 1_096;

    /// <summary>The longest two keys may both work while one replaces the other (rotation).</summary>
    public const int RotationOverlapSecondsMax = 7 * 24 * 3600;

    /// <summary>The overlap of a rotation that names none: a day, for clients that pick up new keys daily.</summary>
    public const int RotationOverlapSecondsDefault = 24 * 3600;

    /// <summary>The bytes of a SHA-256 digest: what is stored of a key.</summary>
    public const int KeyHashBytes = 32;
}
