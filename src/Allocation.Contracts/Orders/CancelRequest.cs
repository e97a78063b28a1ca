namespace Allocation.Contracts.Orders;

/// <summary>Cancel an order; StoreId is the store cancelling (null: the customer).</summary>
[GenerateSerializer, Immutable, Alias("allocation.cancel-request")]
public sealed record CancelRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string? StoreId,
    [property: Id(2)] string Reason);
