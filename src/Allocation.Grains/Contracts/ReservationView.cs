namespace Allocation.Grains.Contracts;

[GenerateSerializer, Immutable, Alias("allocation.reservation-view")]
public sealed record ReservationView(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] ReservationStatus Status,
    [property: Id(2)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? PickupStoreId);
