using Allocation.Client.Orders;
using Allocation.Client.Stores;

namespace Allocation.Load.Service;

/// <summary>Retries store calls without a usable answer under a RetryPolicy. Safe because every write carries its request id.</summary>
public sealed class RetryingStoreOperations(IStoreOperations inner, RetryPolicy policy, TimeProvider time) : IStoreOperations
{
    public Task<ServiceAnswer<PickList>> GetPickListAsync(string storeId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.GetPickListAsync(storeId, token), time, cancellationToken);

    public Task<ServiceAnswer<PickWave>> StartWaveAsync(string storeId, string requestId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.StartWaveAsync(storeId, requestId, token), time, cancellationToken);

    public Task<ServiceAnswer<PickResult>> ConfirmPickAsync(string storeId, string orderId, string requestId, string sku, int quantityFound, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.ConfirmPickAsync(storeId, orderId, requestId, sku, quantityFound, token), time, cancellationToken);

    public Task<ServiceAnswer<TransferList>> GetTransfersAsync(string storeId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.GetTransfersAsync(storeId, token), time, cancellationToken);

    public Task<ServiceAnswer<Order>> DispatchAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.DispatchAsync(storeId, orderId, requestId, token), time, cancellationToken);

    public Task<ServiceAnswer<Order>> ReceiveAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.ReceiveAsync(storeId, orderId, requestId, token), time, cancellationToken);

    public Task<ServiceAnswer<Order>> MarkReadyAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.MarkReadyAsync(storeId, orderId, requestId, token), time, cancellationToken);

    public Task<ServiceAnswer<StoreOrders>> GetStoreOrdersAsync(string storeId, OrderState? state, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.GetStoreOrdersAsync(storeId, state, token), time, cancellationToken);

    public Task<ServiceAnswer<Order>> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.GetOrderAsync(orderId, token), time, cancellationToken);

    public Task<ServiceAnswer<PickupCode>> GetPickupCodeAsync(string orderId, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.GetPickupCodeAsync(orderId, token), time, cancellationToken);

    public Task<ServiceAnswer<Order>> CollectAsync(string storeId, string orderId, string requestId, string pickupCode, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.CollectAsync(storeId, orderId, requestId, pickupCode, token), time, cancellationToken);

    public Task<ServiceAnswer<Order>> CancelAtStoreAsync(string storeId, string orderId, string requestId, string reason, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.CancelAtStoreAsync(storeId, orderId, requestId, reason, token), time, cancellationToken);

    public Task<ServiceAnswer<Order>> CancelOrderAsync(string orderId, string requestId, string reason, CancellationToken cancellationToken) =>
        policy.RunAsync(token => inner.CancelOrderAsync(orderId, requestId, reason, token), time, cancellationToken);
}
