using Allocation.Contracts.Picking;
using Allocation.Grains.Common;
using Allocation.Planning;

namespace Allocation.Grains.Picking;

/// <summary>
/// One store's pick bookings, pure and synchronous: at most one pick per reservation, never more picks in an hour
/// than the capacity the booking was checked against. Bookings of unpaid reservations expire; bookings of hours that
/// have ended are dropped (picking itself is tracked elsewhere). Invariants are checked after every change.
/// </summary>
internal sealed class PickSchedule
{
    private readonly Dictionary<string, PickBookingRecord> bookings = new(StringComparer.Ordinal);
    private readonly Dictionary<DateTimeOffset, int> picksByHour = [];

    /// <summary>Grows with every change, so the load index can ignore reports that arrive out of order.</summary>
    public long Sequence { get; private set; }

    /// <param name="stored">The stored bookings.</param>
    /// <param name="firstSequence">Where this activation's sequence starts: above any earlier activation's.</param>
    public static PickSchedule FromBookings(IEnumerable<PickBookingRecord> stored, long firstSequence)
    {
        var schedule = new PickSchedule { Sequence = firstSequence };
        foreach (var booking in stored)
        {
            schedule.Add(booking);
        }

        schedule.CheckInvariants();
        return schedule;
    }

    public IReadOnlyList<PickBookingRecord> Bookings => [.. bookings.Values.OrderBy(booking => booking.ReservationId, StringComparer.Ordinal)];

    public PickBookingResult Book(PickBookingRequest request, DateTimeOffset now)
    {
        if (Problem(request, now) is { } problem)
        {
            return new PickBookingResult(PickBookingOutcome.Invalid, request.HourStart, PicksIn(request.HourStart), problem);
        }

        if (bookings.TryGetValue(request.ReservationId, out var existing) && existing.HourStart == request.HourStart)
        {
            return new PickBookingResult(PickBookingOutcome.AlreadyBooked, existing.HourStart, PicksIn(existing.HourStart));
        }

        // A re-planned reservation moves its pick to the new hour only if that hour has room.
        var booked = PicksIn(request.HourStart);
        if (booked >= request.PicksMax)
        {
            return new PickBookingResult(PickBookingOutcome.Full, request.HourStart, booked, $"{booked} of {request.PicksMax} picks booked in that hour");
        }

        if (existing is not null)
        {
            Remove(existing);
        }

        Add(new PickBookingRecord(request.ReservationId, request.HourStart, request.ExpiresAt));
        Sequence++;
        CheckInvariants();
        return new PickBookingResult(PickBookingOutcome.Booked, request.HourStart, PicksIn(request.HourStart));
    }

    /// <summary>The booking stops expiring. A paid reservation keeps its pick even if its hold deadline has just passed.</summary>
    public bool Confirm(string reservationId)
    {
        if (!bookings.TryGetValue(reservationId, out var existing))
        {
            return false;
        }

        if (existing.ExpiresAt is not null)
        {
            bookings[reservationId] = existing with { ExpiresAt = null };
            Sequence++;
        }

        CheckInvariants();
        return true;
    }

    public bool Release(string reservationId)
    {
        if (!bookings.TryGetValue(reservationId, out var existing))
        {
            return false;
        }

        Remove(existing);
        Sequence++;
        CheckInvariants();
        return true;
    }

    /// <summary>Drops expired bookings and bookings of hours that have ended; true if anything changed.</summary>
    public bool Expire(DateTimeOffset now)
    {
        var due = bookings.Values.Where(booking => booking.ExpiresAt <= now || booking.HourStart.AddHours(1) <= now).ToList();
        foreach (var booking in due)
        {
            Remove(booking);
        }

        if (due.Count > 0)
        {
            Sequence++;
            CheckInvariants();
        }

        return due.Count > 0;
    }

    /// <summary>When the next booking lapses (its hold deadline, or the end of its hour); null when nothing is booked.</summary>
    public DateTimeOffset? NextExpiry => bookings.Count == 0 ? null : bookings.Values.Min(booking => booking.ExpiresAt ?? booking.HourStart.AddHours(1));

    public int PicksIn(DateTimeOffset hourStart) => picksByHour.GetValueOrDefault(hourStart);

    public PickBookingRecord? BookingOf(string reservationId) => bookings.GetValueOrDefault(reservationId);

    public IReadOnlyList<HourLoad> Load(string storeId) =>
        [.. picksByHour.OrderBy(pair => pair.Key).Select(pair => new HourLoad(storeId, pair.Key, pair.Value))];

    private static string? Problem(PickBookingRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(request.ReservationId))
        {
            return "reservationId: must not be empty";
        }

        if (!PickCapacity.IsWholeHour(request.HourStart))
        {
            return $"hourStart: {request.HourStart:O} is not a whole UTC hour";
        }

        if (request.HourStart.AddHours(1) <= now || request.HourStart > now.AddHours(PickLimits.BookingHorizonHoursMax))
        {
            return $"hourStart: {request.HourStart:O} has ended or lies more than {PickLimits.BookingHorizonHoursMax} hours ahead";
        }

        if (request.PicksMax is < 0 or > PickLimits.PicksPerHourMax)
        {
            return $"picksMax: {request.PicksMax} is not within 0..{PickLimits.PicksPerHourMax}";
        }

        return request.ExpiresAt <= now ? $"expiresAt: {request.ExpiresAt:O} has passed" : null;
    }

    private void Add(PickBookingRecord booking)
    {
        bookings.Add(booking.ReservationId, booking);
        picksByHour[booking.HourStart] = PicksIn(booking.HourStart) + 1;
    }

    private void Remove(PickBookingRecord booking)
    {
        bookings.Remove(booking.ReservationId);
        var left = PicksIn(booking.HourStart) - 1;
        if (left == 0)
        {
            picksByHour.Remove(booking.HourStart);
        }
        else
        {
            picksByHour[booking.HourStart] = left;
        }
    }

    private void CheckInvariants()
    {
        Invariant.Require(picksByHour.Values.Sum() == bookings.Count, $"pick counts {picksByHour.Values.Sum()} differ from {bookings.Count} bookings");
        foreach (var (hour, picks) in picksByHour)
        {
            Invariant.Require(picks > 0, $"hour {hour} holds {picks} picks");
        }
    }
}
