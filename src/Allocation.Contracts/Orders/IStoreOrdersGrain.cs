namespace Allocation.Contracts.Orders;

/// <summary>
/// The orders of one store (as a source or as the pickup store): its pick list, waves, transfers and handover list.
/// The index is of order ids with each order's view as last heard: an order tells its stores its view after every
/// step it stores, so lists are built from those views and ask only the orders not heard from yet and, in turn, a
/// share of the others (a lost tell is corrected within a few lists). Key: "tenant|store" (<see cref="Picking.StoreKey"/>).
/// </summary>
public interface IStoreOrdersGrain : IGrainWithStringKey
{
    /// <summary>The order has (or may have) lines or a pickup here. Idempotent; interleaves, so an order or reservation can call it at any time.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task Track(string orderId);

    /// <summary>
    /// The order stored a step: its view as now stored. Lists show it from now on without asking the order; an ended
    /// order (collected, cancelled or expired) leaves the index. A view of an order not tracked here changes nothing.
    /// Interleaves (it only notes the view), so an order can tell a store that is itself waiting for that order.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task Changed(OrderView order);

    Task<PickList> GetPickList();

    /// <summary>Starts the next wave (at most the tenant's WaveOrdersMax orders, in pick-list order). A repeat of the request id answers the same wave.</summary>
    Task<WaveStart> StartWave(string requestId);

    Task<TransferList> GetTransfers();

    Task<StoreOrderList> GetOrders(OrderState? state);
}
