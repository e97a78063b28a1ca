using Allocation.Contracts.Orders;
using Allocation.Grains.Ledger;
using System.Text.Json;

namespace Allocation.Grains.Fulfilment;

/// <summary>The outbox events of order transitions: what the customer is told, as JSON, with an id stable across deliveries.</summary>
internal static class OrderEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxEvent Create(string tenantId, string orderId, string type, OrderRecord order, DateTimeOffset now)
    {
        var data = new OrderEventData(orderId, order.State.ToString(), order.PickupStoreId, order.ReadyBy, order.CollectBy, order.Late, order.EarliestReadyAt, order.Partial, order.CloseReason);
        // Version is the order's after the transition: one event of a type per version, so a rewrite adds nothing.
        return new OutboxEvent(tenantId, $"{orderId}:{type}:{order.Version}", type, orderId, now.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(data, Json));
    }

    private sealed record OrderEventData(
        string OrderId, string State, string PickupStoreId, DateTimeOffset? ReadyBy, DateTimeOffset? CollectBy, bool Late, DateTimeOffset? EarliestReadyAt, bool Partial, string? Reason);
}
