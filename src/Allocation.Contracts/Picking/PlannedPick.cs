namespace Allocation.Contracts.Picking;

/// <summary>A pick the solver planned for a reservation: store, hourly bucket, and that store's capacity in the hour.</summary>
[GenerateSerializer, Immutable, Alias("allocation.planned-pick")]
public sealed record PlannedPick(
    [property: Id(0)] string StoreId,
    [property: Id(1)] DateTimeOffset HourStart,
    [property: Id(2)] int PicksMax);
