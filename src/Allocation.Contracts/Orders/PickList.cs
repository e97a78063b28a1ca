namespace Allocation.Contracts.Orders;

/// <summary>A store's pick list: started waves with lines left to pick, and lines in no wave yet, each in pick order.</summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-list")]
public sealed record PickList(
    [property: Id(0)] string StoreId,
    [property: Id(1)] int WaveOrdersMax,
    [property: Id(2)] IReadOnlyList<PickWave> Waves,
    [property: Id(3)] IReadOnlyList<PickLine> Unassigned);
