namespace Allocation.Contracts.Orders;

[GenerateSerializer, Immutable, Alias("allocation.collect-request")]
public sealed record CollectRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string StoreId,
    [property: Id(2)] string PickupCode);
