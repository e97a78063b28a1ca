namespace Allocation.Contracts.Orders;

/// <summary>A store step on an order (start picking, dispatch, receive, ready) made idempotent by RequestId.</summary>
[GenerateSerializer, Immutable, Alias("allocation.store-action")]
public sealed record StoreAction(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string StoreId);
