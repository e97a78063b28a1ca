namespace Allocation.Contracts.Reservations;

/// <summary>A basket line that could not be held, with the units that were available.</summary>
[GenerateSerializer, Immutable, Alias("allocation.line-shortage")]
public sealed record LineShortage(
    [property: Id(0)] int LineIndex,
    [property: Id(1)] string Sku,
    [property: Id(2)] string StoreId,
    [property: Id(3)] int Requested,
    [property: Id(4)] int Available);
