namespace Allocation.Contracts.Picking;

/// <summary>Picks booked at one store in the hourly bucket starting at <paramref name="HourStart"/> (whole UTC hour).</summary>
[GenerateSerializer, Immutable, Alias("allocation.hour-load")]
public sealed record HourLoad(
    [property: Id(0)] string StoreId,
    [property: Id(1)] DateTimeOffset HourStart,
    [property: Id(2)] int Picks);
