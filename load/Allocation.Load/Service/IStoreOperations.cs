using Allocation.Client.Orders;
using Allocation.Client.Stores;

namespace Allocation.Load.Service;

/// <summary>
/// The store-operations API as store staff and collecting customers use it (the service's own client records):
/// pick list, waves, picks, transfers, ready, the handover list, pickup code, collect and cancel. Every write carries
/// the caller's request id, so a repeat after no answer is applied once.
/// </summary>
public interface IStoreOperations
{
    Task<ServiceAnswer<PickList>> GetPickListAsync(string storeId, CancellationToken cancellationToken);

    Task<ServiceAnswer<PickWave>> StartWaveAsync(string storeId, string requestId, CancellationToken cancellationToken);

    Task<ServiceAnswer<PickResult>> ConfirmPickAsync(string storeId, string orderId, string requestId, string sku, int quantityFound, CancellationToken cancellationToken);

    Task<ServiceAnswer<TransferList>> GetTransfersAsync(string storeId, CancellationToken cancellationToken);

    Task<ServiceAnswer<Order>> DispatchAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken);

    Task<ServiceAnswer<Order>> ReceiveAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken);

    Task<ServiceAnswer<Order>> MarkReadyAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken);

    /// <summary>Orders for pickup at the store in a state (every open one when null).</summary>
    Task<ServiceAnswer<StoreOrders>> GetStoreOrdersAsync(string storeId, OrderState? state, CancellationToken cancellationToken);

    Task<ServiceAnswer<Order>> GetOrderAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>The code checkout shows the customer once the order is ready.</summary>
    Task<ServiceAnswer<PickupCode>> GetPickupCodeAsync(string orderId, CancellationToken cancellationToken);

    Task<ServiceAnswer<Order>> CollectAsync(string storeId, string orderId, string requestId, string pickupCode, CancellationToken cancellationToken);

    Task<ServiceAnswer<Order>> CancelAtStoreAsync(string storeId, string orderId, string requestId, string reason, CancellationToken cancellationToken);

    /// <summary>The customer cancels (checkout route).</summary>
    Task<ServiceAnswer<Order>> CancelOrderAsync(string orderId, string requestId, string reason, CancellationToken cancellationToken);
}
