namespace Allocation.Contracts.Orders;

[GenerateSerializer, Immutable, Alias("allocation.store-order-summary")]
public sealed record StoreOrderSummary(
    [property: Id(0)] string OrderId,
    [property: Id(1)] OrderState State,
    [property: Id(2)] DateTimeOffset? ReadyBy,
    [property: Id(3)] DateTimeOffset? CollectBy,
    [property: Id(4)] int Lines,
    [property: Id(5)] int Units,
    [property: Id(6)] bool Late);
