namespace Allocation.Grains.Reservations;

/// <summary>What a reservation was doing when its pending work was stored. Stored as a number: never renumber.</summary>
internal enum ReservationPendingKind
{
    Reserve = 1,
    Confirm = 2,
    Release = 3,
}
