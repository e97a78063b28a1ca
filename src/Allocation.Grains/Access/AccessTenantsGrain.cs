using Allocation.Contracts.Access;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Access;

/// <summary>
/// The tenants with stored keys, one record per tenant. Not reentrant: a registration is stored before the next call
/// runs; a failed write leaves no trace (the activation stops serving and reloads).
/// </summary>
internal sealed class AccessTenantsGrain(GrainRecords records) : Grain, IAccessTenantsGrain
{
    private readonly SortedSet<string> tenants = new(StringComparer.Ordinal);
    private IReadOnlyList<string> listed = [];
    private RecordOwner owner;
    private DurableActivation activation = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activation = new DurableActivation(this, "the tenant directory");
        owner = new RecordOwner(StorageNames.AccessTenantRecord, this.GetPrimaryKeyString());
        foreach (var (tenantId, _) in await records.ReadAsync<bool>(owner))
        {
            tenants.Add(tenantId);
        }

        listed = [.. tenants];
    }

    public async Task<bool> Register(string tenantId)
    {
        activation.EnsureServing();
        Invariant.Require(Contracts.Identifiers.IsValid(tenantId), $"tenant id '{tenantId}' is not valid");
        if (tenants.Contains(tenantId))
        {
            return true;
        }

        if (tenants.Count >= AccessLimits.TenantsMax)
        {
            return false;
        }

        await activation.WriteOrFailAsync(records.WriteAsync(new RecordKey(owner, tenantId), true, null));

        tenants.Add(tenantId);
        listed = [.. tenants];
        return true;
    }

    public Task<IReadOnlyList<string>> List()
    {
        activation.EnsureServing();
        return Task.FromResult(listed);
    }

}
