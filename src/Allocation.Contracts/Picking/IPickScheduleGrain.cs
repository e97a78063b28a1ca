namespace Allocation.Contracts.Picking;

/// <summary>
/// One store's pick schedule: which reservations have a pick booked in which hourly bucket. Decides every booking, so
/// a store's pick capacity per hour is never exceeded, whichever silo planned the order. Bookings of unconfirmed
/// reservations expire with their holds. Key: "tenant|store".
/// </summary>
public interface IPickScheduleGrain : IGrainWithStringKey
{
    Task<PickBookingResult> Book(PickBookingRequest request);

    /// <summary>The reservation was paid: its booking no longer expires. False when it had no booking here.</summary>
    Task<bool> Confirm(string reservationId);

    /// <summary>Frees the reservation's pick, if any. Idempotent.</summary>
    Task Release(string reservationId);

    /// <summary>
    /// Picks booked per hour, current and future hours only. Interleaves with a booking that is waiting for the load
    /// index, so an index being rebuilt can ask a store that is reporting to it.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<HourLoad>> GetLoad();
}
