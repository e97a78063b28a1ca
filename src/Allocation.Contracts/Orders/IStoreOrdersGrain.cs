namespace Allocation.Contracts.Orders;

/// <summary>
/// The orders of one store (as a source or as the pickup store): its pick list, waves, transfers and handover list.
/// The index is of order ids; every answer is built from the orders themselves (an ended order tells its stores, so
/// they stop asking it), except that an order waiting for collection is listed from its last answer, which can change
/// only by its end, and asked again within a few lists. Key: "tenant|store" (<see cref="Picking.StoreKey"/>).
/// </summary>
public interface IStoreOrdersGrain : IGrainWithStringKey
{
    /// <summary>The order has (or may have) lines or a pickup here. Idempotent; interleaves, so an order or reservation can call it at any time.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task Track(string orderId);

    /// <summary>
    /// The order has ended (collected, cancelled or expired): it leaves the index now rather than on the next list. The
    /// order does not wait for it; a lost call leaves the order to the next list, which sees it ended.
    /// </summary>
    Task Ended(OrderView order);

    Task<PickList> GetPickList();

    /// <summary>Starts the next wave (at most the tenant's WaveOrdersMax orders, in pick-list order). A repeat of the request id answers the same wave.</summary>
    Task<WaveStart> StartWave(string requestId);

    Task<TransferList> GetTransfers();

    Task<StoreOrderList> GetOrders(OrderState? state);
}
