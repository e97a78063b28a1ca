namespace Allocation.Contracts.Reservations;

/// <summary>The outcome of one call and the reservation as it stands afterwards (null when there is none).</summary>
[GenerateSerializer, Immutable, Alias("allocation.reservation-result")]
public sealed record ReservationResult(
    [property: Id(0)] ReservationOutcome Outcome,
    [property: Id(1)] ReservationView? Reservation,
    [property: Id(2)] IReadOnlyList<LineShortage> Shortages,
    [property: Id(3)] string? Message,
    [property: Id(4)] DateTimeOffset? EarliestPossibleReadyAt = null)
{
    public static ReservationResult Of(ReservationOutcome outcome, ReservationView? reservation, string? message = null) =>
        new(outcome, reservation, [], message);
}
