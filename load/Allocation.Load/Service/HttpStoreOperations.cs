using Allocation.Client;
using Allocation.Client.Orders;
using Allocation.Client.Stores;

namespace Allocation.Load.Service;

/// <summary>
/// One attempt per call through the service's .NET client (retries are RetryingStoreOperations'). A step the order
/// has moved past (409 illegal transition), a wrong or locked code and nothing of the order at the store are rejected
/// (answers of a busy floor); anything else without a 2xx failed.
/// </summary>
public sealed class HttpStoreOperations(HttpClient http, TimeSpan requestTimeout) : IStoreOperations
{
    private readonly AllocationClient client = new(http);

    public Task<ServiceAnswer<PickList>> GetPickListAsync(string storeId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.GetPickListAsync(storeId, token), cancellationToken);

    public Task<ServiceAnswer<PickWave>> StartWaveAsync(string storeId, string requestId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.StartWaveAsync(storeId, requestId, token), cancellationToken);

    public Task<ServiceAnswer<PickResult>> ConfirmPickAsync(string storeId, string orderId, string requestId, string sku, int quantityFound, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.ConfirmPickAsync(storeId, orderId, requestId, sku, quantityFound, token), cancellationToken);

    public Task<ServiceAnswer<TransferList>> GetTransfersAsync(string storeId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.GetTransfersAsync(storeId, token), cancellationToken);

    public Task<ServiceAnswer<Order>> DispatchAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.DispatchAsync(storeId, orderId, requestId, token), cancellationToken);

    public Task<ServiceAnswer<Order>> ReceiveAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.ReceiveAsync(storeId, orderId, requestId, token), cancellationToken);

    public Task<ServiceAnswer<Order>> MarkReadyAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.MarkReadyAsync(storeId, orderId, requestId, token), cancellationToken);

    public Task<ServiceAnswer<StoreOrders>> GetStoreOrdersAsync(string storeId, OrderState? state, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.GetStoreOrdersAsync(storeId, state, token), cancellationToken);

    public Task<ServiceAnswer<Order>> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.GetOrderAsync(orderId, token), cancellationToken);

    public Task<ServiceAnswer<PickupCode>> GetPickupCodeAsync(string orderId, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.GetPickupCodeAsync(orderId, token), cancellationToken);

    public Task<ServiceAnswer<Order>> CollectAsync(string storeId, string orderId, string requestId, string pickupCode, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.CollectAsync(storeId, orderId, requestId, pickupCode, token), cancellationToken);

    public Task<ServiceAnswer<Order>> CancelAtStoreAsync(string storeId, string orderId, string requestId, string reason, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.CancelAtStoreAsync(storeId, orderId, requestId, reason, token), cancellationToken);

    public Task<ServiceAnswer<Order>> CancelOrderAsync(string orderId, string requestId, string reason, CancellationToken cancellationToken) =>
        CallAsync((client, token) => client.CancelOrderAsync(orderId, requestId, reason, token), cancellationToken);

    private Task<ServiceAnswer<T>> CallAsync<T>(Func<AllocationClient, CancellationToken, Task<AllocationResult<T>>> call, CancellationToken cancellationToken) =>
        ClientCalls.CallAsync(client, requestTimeout, call, value => value, ClientCalls.StoreRejections, cancellationToken);
}
