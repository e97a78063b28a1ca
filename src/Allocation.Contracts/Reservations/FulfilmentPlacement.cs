using Allocation.Contracts.Picking;

namespace Allocation.Contracts.Reservations;

/// <summary>
/// What an order needs of its reservation: status, where each line is committed and under which hold id, the picks
/// booked, the promise. <paramref name="PickingStarted"/> is true once the order took it over (it never moves again).
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.fulfilment-placement")]
public sealed record FulfilmentPlacement(
    [property: Id(0)] ReservationStatus Status,
    [property: Id(1)] string? PickupStoreId,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? ReadyBy,
    [property: Id(4)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(5)] IReadOnlyList<string> HoldIds,
    [property: Id(6)] IReadOnlyList<PlannedPick> Picks,
    [property: Id(7)] bool PickingStarted);
