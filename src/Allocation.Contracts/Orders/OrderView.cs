namespace Allocation.Contracts.Orders;

/// <summary>An order as it stands. Version grows with every transition.</summary>
[GenerateSerializer, Immutable, Alias("allocation.order-view")]
public sealed record OrderView(
    [property: Id(0)] string OrderId,
    [property: Id(1)] OrderState State,
    [property: Id(2)] string PickupStoreId,
    [property: Id(3)] DateTimeOffset? ReadyBy,
    [property: Id(4)] DateTimeOffset? CollectBy,
    [property: Id(5)] DateTimeOffset? ReadyAt,
    [property: Id(6)] DateTimeOffset? ClosedAt,
    [property: Id(7)] bool Late,
    [property: Id(8)] DateTimeOffset? EarliestReadyAt,
    [property: Id(9)] bool Partial,
    [property: Id(10)] int WrongCodeAttempts,
    [property: Id(11)] bool CodeLocked,
    [property: Id(12)] int Version,
    [property: Id(13)] IReadOnlyList<OrderLineView> Lines);
