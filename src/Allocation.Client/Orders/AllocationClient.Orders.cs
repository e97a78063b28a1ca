using Allocation.Client.Orders;

namespace Allocation.Client;

public sealed partial class AllocationClient
{
    public Task<AllocationResult<Order>> GetOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Get, "orders/" + Segment(orderId), null, cancellationToken);

    /// <summary>The customer's pickup code and QR image once the order is ready (IllegalTransition before).</summary>
    public Task<AllocationResult<PickupCode>> GetPickupCodeAsync(string orderId, CancellationToken cancellationToken = default) =>
        SendAsync<PickupCode>(HttpMethod.Get, $"orders/{Segment(orderId)}/pickup-code", null, cancellationToken);

    /// <summary>The customer cancels before collection; <paramref name="requestId"/> makes a repeat safe.</summary>
    public Task<AllocationResult<Order>> CancelOrderAsync(string orderId, string requestId, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<Order>(HttpMethod.Post, $"orders/{Segment(orderId)}/cancel", new { requestId, reason }, cancellationToken);
}
