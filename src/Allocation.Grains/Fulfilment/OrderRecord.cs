using Allocation.Contracts.Orders;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// The stored record of an order (a grain record, written through the ledger's group commit with the outbox events
/// of its transition). Requests maps each request id done to the fingerprint of its request, so a repeat is recognised.
/// </summary>
[GenerateSerializer, Alias("allocation.order-record.v1")]
internal sealed class OrderRecord
{
    [Id(0)] public OrderState State { get; set; } = OrderState.Paid;
    [Id(1)] public string PickupStoreId { get; set; } = "";
    [Id(2)] public DateTimeOffset PaidAt { get; set; }
    [Id(3)] public DateTimeOffset? ReadyBy { get; set; }
    [Id(4)] public List<OrderLineRecord> Lines { get; set; } = [];
    [Id(5)] public DateTimeOffset? ReadyAt { get; set; }
    [Id(6)] public DateTimeOffset? CollectBy { get; set; }
    [Id(7)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(8)] public string? PickupCode { get; set; }
    [Id(9)] public int WrongCodeAttempts { get; set; }
    [Id(10)] public bool Late { get; set; }
    [Id(11)] public DateTimeOffset? EarliestReadyAt { get; set; }
    [Id(12)] public bool Partial { get; set; }
    [Id(13)] public int Version { get; set; }
    [Id(14)] public Dictionary<string, string> Requests { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many replacement sourcings a short pick started; their hold ids carry it.</summary>
    [Id(15)] public int Generation { get; set; }
    [Id(16)] public string? CloseReason { get; set; }

    public bool IsEnded => State is OrderState.Collected or OrderState.Cancelled or OrderState.Expired;

    public bool CodeLocked => WrongCodeAttempts >= OrderLimits.PickupCodeAttemptsMax;
}
