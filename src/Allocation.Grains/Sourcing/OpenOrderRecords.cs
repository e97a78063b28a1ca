using Allocation.Grains.Common;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// The open-order list as grain records (owner: the tenant, one item per reservation, value: when it was paid),
/// written through the ledger's group commit, so a confirm or a release pays no transaction of its own for it.
/// </summary>
internal sealed class OpenOrderRecords(GrainRecords records) : IOpenOrderStore
{
    public Task AddAsync(string tenantId, string reservationId, DateTimeOffset confirmedAt, CancellationToken cancellationToken) =>
        records.WriteAsync(Key(tenantId, reservationId), confirmedAt, null);

    public Task RemoveAsync(string tenantId, string reservationId, CancellationToken cancellationToken) =>
        records.RemoveAsync(Key(tenantId, reservationId));

    public async Task<IReadOnlyList<string>> ListAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        var open = await records.ReadAsync<DateTimeOffset>(Owner(tenantId));
        return open.OrderBy(order => order.Value).ThenBy(order => order.ItemKey, StringComparer.Ordinal).Take(limit).Select(order => order.ItemKey).ToList();
    }

    private static RecordOwner Owner(string tenantId) => new(StorageNames.OpenOrderRecord, tenantId);

    private static RecordKey Key(string tenantId, string reservationId) => new(Owner(tenantId), reservationId);
}
