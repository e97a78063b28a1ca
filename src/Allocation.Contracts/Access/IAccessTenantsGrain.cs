namespace Allocation.Contracts.Access;

/// <summary>
/// The tenants that hold stored keys, one grain for the cluster (key: <see cref="DirectoryKey"/>). Hosts read it now
/// and then, so a key naming any other tenant is refused without a call (a flood of made-up tenants costs nothing).
/// </summary>
public interface IAccessTenantsGrain : IGrainWithStringKey
{
    public const string DirectoryKey = "all";

    /// <summary>Adds the tenant (durably); false when the cluster holds <see cref="AccessLimits.TenantsMax"/> others.</summary>
    Task<bool> Register(string tenantId);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> List();
}
