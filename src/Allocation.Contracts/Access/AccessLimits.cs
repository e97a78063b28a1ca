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

    /// <summary>The bytes of a SHA-256 digest: what is stored of a key.</summary>
    public const int KeyHashBytes = 32;
}
