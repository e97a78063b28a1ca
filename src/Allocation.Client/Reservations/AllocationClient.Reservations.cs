using Allocation.Client.Reservations;

namespace Allocation.Client;

public sealed partial class AllocationClient
{
    /// <summary>
    /// Holds a basket, all lines or none (201; a repeat of the same request answers 200 with the same reservation).
    /// OutOfStock names the short lines (Problem.Shortages); CannotAllocate says when it could be ready.
    /// </summary>
    public Task<AllocationResult<Reservation>> ReserveAsync(ReserveRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<Reservation>(HttpMethod.Post, "reservations", request, cancellationToken);

    public Task<AllocationResult<Reservation>> GetReservationAsync(string reservationId, CancellationToken cancellationToken = default) =>
        SendAsync<Reservation>(HttpMethod.Get, "reservations/" + Segment(reservationId), null, cancellationToken);

    /// <summary>Payment succeeded: holds become commitments. Expired when a hold ran out first (the value shows the reservation).</summary>
    public async Task<AllocationResult<Reservation>> ConfirmAsync(string reservationId, CancellationToken cancellationToken = default) =>
        WithExpiry(await SendAsync<Reservation>(HttpMethod.Post, $"reservations/{Segment(reservationId)}/confirm", null, cancellationToken));

    /// <summary>Releases a held reservation or cancels a paid one; at most once, a repeat answers the same.</summary>
    public async Task<AllocationResult<Reservation>> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default) =>
        WithExpiry(await SendAsync<Reservation>(HttpMethod.Delete, "reservations/" + Segment(reservationId), null, cancellationToken));

    /// <summary>A refusal whose reservation has expired is the Expired outcome: what a checkout tells the shopper.</summary>
    private static AllocationResult<Reservation> WithExpiry(AllocationResult<Reservation> result) =>
        result is { Outcome: AllocationOutcome.Refused, Value.Status: ReservationStatus.Expired } ? result with { Outcome = AllocationOutcome.Expired } : result;
}
