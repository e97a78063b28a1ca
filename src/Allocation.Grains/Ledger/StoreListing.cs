using Allocation.Contracts.Picking;
using Allocation.Grains.Common;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The entry that lists an order at a store: a record of the store's order index (its value is <c>true</c>). The
/// store's grain writes it when told of an order; a confirm writes it in its own batch, so a paid order is listed
/// durably before the confirm is answered, whatever happens to the telling afterwards.
/// </summary>
internal static class StoreListing
{
    public static RecordKey EntryOf(string tenantId, string storeId, string orderId) =>
        new(new RecordOwner(StorageNames.StoreOrderRecord, new StoreKey(tenantId, storeId).ToGrainKey()), orderId);
}
