using Allocation.Contracts.Picking;

namespace Allocation.Contracts.Reservations;

/// <summary>
/// Where a paid order's units and picks are (<c>IOrderGrain.GetPlacement</c>), for batch re-optimisation.
/// <paramref name="ReservationId"/> is the order's id (its reservation's). <paramref name="IsSolverAllocated"/> is true
/// when the solver chose every line's store (only such orders may be moved); <paramref name="PlannedAt"/> is when it
/// was first allocated, from which its readiness deadline runs; <paramref name="PickingStarted"/> once the order left
/// Paid (a store acted on it): it never moves again.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.reservation-placement")]
public sealed record ReservationPlacement(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] ReservationStatus Status,
    [property: Id(2)] string? PickupStoreId,
    [property: Id(3)] DateTimeOffset PlannedAt,
    [property: Id(4)] DateTimeOffset? ReadyBy,
    [property: Id(5)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(6)] IReadOnlyList<PlannedPick> Picks,
    [property: Id(7)] bool IsSolverAllocated,
    [property: Id(8)] bool PickingStarted = false);
