namespace Allocation.Contracts.Orders;

/// <summary>Staff at StoreId picked QuantityFound units of Sku for the order.</summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-confirmation")]
public sealed record PickConfirmation(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string StoreId,
    [property: Id(2)] string Sku,
    [property: Id(3)] int QuantityFound);
