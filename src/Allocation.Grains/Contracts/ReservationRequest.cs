namespace Allocation.Grains.Contracts;

/// <summary>A basket: every line is held, or none is.</summary>
[GenerateSerializer, Immutable, Alias("allocation.reservation-request")]
public sealed record ReservationRequest(
    [property: Id(0)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(1)] int TtlSeconds,
    [property: Id(2)] string? PickupStoreId = null);
