namespace Allocation.Contracts.Access;

public enum AccessKeyAddOutcome
{
    Added = 0,

    /// <summary>A key with this id exists already; nothing changed.</summary>
    AlreadyExists = 1,

    /// <summary>The tenant holds <see cref="AccessLimits.KeysPerTenantMax"/> keys; nothing changed.</summary>
    LimitReached = 2,

    /// <summary>The cluster holds <see cref="AccessLimits.TenantsMax"/> tenants with keys and this one is not among them.</summary>
    TenantLimitReached = 3,
}
