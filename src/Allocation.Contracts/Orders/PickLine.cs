namespace Allocation.Contracts.Orders;

/// <summary>One line to pick at a store: what, for which order and pickup store, and by when.</summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-line")]
public sealed record PickLine(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string PickupStoreId,
    [property: Id(4)] DateTimeOffset? PickHour,
    [property: Id(5)] DateTimeOffset? ReadyBy,
    [property: Id(6)] OrderLineState State);
