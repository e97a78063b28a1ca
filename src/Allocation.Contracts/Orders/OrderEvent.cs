namespace Allocation.Contracts.Orders;

/// <summary>One event of the tenant's feed; EventId is stable across deliveries (the consumer's dedup key), Data is JSON.</summary>
[GenerateSerializer, Immutable, Alias("allocation.order-event")]
public sealed record OrderEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string EventId,
    [property: Id(2)] string Type,
    [property: Id(3)] string OrderId,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] string Data);
