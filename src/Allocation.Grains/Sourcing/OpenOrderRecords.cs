using Allocation.Grains.Common;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// The open-order list as grain records (owner: the tenant, one item per order, value: when it was paid), written in
/// the confirm's own batch through the ledger's group commit, so a confirm pays no write of its own for it.
/// </summary>
internal sealed class OpenOrderRecords(GrainRecords records) : IOpenOrderStore
{
    public RecordWrite Entry(string tenantId, string orderId, DateTimeOffset paidAt) =>
        records.Write(Key(tenantId, orderId), paidAt, null);

    public Task RemoveAsync(string tenantId, string orderId, CancellationToken cancellationToken) =>
        records.RemoveAsync(Key(tenantId, orderId));

    public async Task<IReadOnlyList<string>> ListAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        var open = await records.ReadAsync<DateTimeOffset>(Owner(tenantId));
        return open.OrderBy(order => order.Value).ThenBy(order => order.ItemKey, StringComparer.Ordinal).Take(limit).Select(order => order.ItemKey).ToList();
    }

    private static RecordOwner Owner(string tenantId) => new(StorageNames.OpenOrderRecord, tenantId);

    private static RecordKey Key(string tenantId, string orderId) => new(Owner(tenantId), orderId);
}
