namespace Allocation.Contracts.Orders;

/// <summary>The orders to collect at a store in one state (every open one when State is null), with counts per state.</summary>
[GenerateSerializer, Immutable, Alias("allocation.store-order-list")]
public sealed record StoreOrderList(
    [property: Id(0)] string StoreId,
    [property: Id(1)] OrderState? State,
    [property: Id(2)] IReadOnlyDictionary<OrderState, int> Counts,
    [property: Id(3)] IReadOnlyList<StoreOrderSummary> Orders);
