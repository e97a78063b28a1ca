using Allocation.Client.Orders;
using Allocation.Client.Stores;

namespace Allocation.Client;

/// <summary>Store steps: every write carries the caller's requestId, so a repeat (after no answer) is applied once.</summary>
public sealed partial class AllocationClient
{
    /// <summary>The tenant's stores (a store credential sees its own).</summary>
    public Task<AllocationResult<IReadOnlyList<StoreListing>>> ListStoresAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<StoreListing>>(HttpMethod.Get, "stores", null, cancellationToken);

    public Task<AllocationResult<PickList>> GetPickListAsync(string storeId, CancellationToken cancellationToken = default) =>
        SendAsync<PickList>(HttpMethod.Get, StorePath(storeId, "pick-list"), null, cancellationToken);

    /// <summary>Starts the next wave (at most the tenant's wave size); a repeated requestId answers the same wave.</summary>
    public Task<AllocationResult<PickWave>> StartWaveAsync(string storeId, string requestId, CancellationToken cancellationToken = default) =>
        SendAsync<PickWave>(HttpMethod.Post, StorePath(storeId, "waves"), new { requestId }, cancellationToken);

    /// <summary>Confirms a line's pick with the quantity found; fewer than committed is a short pick, re-sourced at once.</summary>
    public Task<AllocationResult<PickResult>> ConfirmPickAsync(string storeId, string orderId, string requestId, string sku, int quantityFound, CancellationToken cancellationToken = default) =>
        SendAsync<PickResult>(HttpMethod.Post, OrderPath(storeId, orderId, "picks"), new { requestId, sku, quantityFound }, cancellationToken);

    public Task<AllocationResult<TransferList>> GetTransfersAsync(string storeId, CancellationToken cancellationToken = default) =>
        SendAsync<TransferList>(HttpMethod.Get, StorePath(storeId, "transfers"), null, cancellationToken);

    public Task<AllocationResult<Order>> DispatchAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Post, OrderPath(storeId, orderId, "dispatch"), new { requestId }, cancellationToken);

    public Task<AllocationResult<Order>> ReceiveAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Post, OrderPath(storeId, orderId, "receive"), new { requestId }, cancellationToken);

    /// <summary>Every unit is at the pickup store: ready, with a pickup code and a collect-by date.</summary>
    public Task<AllocationResult<Order>> MarkReadyAsync(string storeId, string orderId, string requestId, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Post, OrderPath(storeId, orderId, "ready"), new { requestId }, cancellationToken);

    /// <summary>Orders for pickup at the store in <paramref name="state"/> (every open one when null), with counts per state.</summary>
    public Task<AllocationResult<StoreOrders>> GetStoreOrdersAsync(string storeId, OrderState? state = null, CancellationToken cancellationToken = default) =>
        SendAsync<StoreOrders>(HttpMethod.Get, StorePath(storeId, "orders") + (state is { } wanted ? "?state=" + wanted : ""), null, cancellationToken);

    /// <summary>Hands the order over against its pickup code: WrongCode (Problem.AttemptsRemaining) or CodeLocked otherwise.</summary>
    public Task<AllocationResult<Order>> CollectAsync(string storeId, string orderId, string requestId, string pickupCode, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Post, OrderPath(storeId, orderId, "collect"), new { requestId, pickupCode }, cancellationToken);

    /// <summary>The store cancels before collection: the units return to stock where they are.</summary>
    public Task<AllocationResult<Order>> CancelAtStoreAsync(string storeId, string orderId, string requestId, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Post, OrderPath(storeId, orderId, "cancel"), new { requestId, reason }, cancellationToken);

    private static string StorePath(string storeId, string rest) => $"stores/{Segment(storeId)}/{rest}";

    private static string OrderPath(string storeId, string orderId, string step) => $"stores/{Segment(storeId)}/orders/{Segment(orderId)}/{step}";
}
