namespace Allocation.Contracts.Sourcing;

/// <summary>Units of one SKU the promise would take from one store, and when they would be ready at the pickup store.</summary>
[GenerateSerializer, Immutable, Alias("allocation.promise-source")]
public sealed record PromiseSource(
    [property: Id(0)] string Sku,
    [property: Id(1)] string StoreId,
    [property: Id(2)] int Quantity,
    [property: Id(3)] DateTimeOffset ReadyAt);
