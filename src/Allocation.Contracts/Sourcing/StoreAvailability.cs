namespace Allocation.Contracts.Sourcing;

[GenerateSerializer, Immutable, Alias("allocation.store-availability")]
public sealed record StoreAvailability(
    [property: Id(0)] string StoreId,
    [property: Id(1)] int Available);
