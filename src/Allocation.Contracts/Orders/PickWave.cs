namespace Allocation.Contracts.Orders;

/// <summary>A wave of orders a store picks together; WaveId is null when a start found nothing to pick.</summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-wave")]
public sealed record PickWave(
    [property: Id(0)] string? WaveId,
    [property: Id(1)] string StoreId,
    [property: Id(2)] DateTimeOffset? StartedAt,
    [property: Id(3)] IReadOnlyList<string> OrderIds,
    [property: Id(4)] IReadOnlyList<PickLine> Lines);
