using Allocation.Contracts.Picking;
using Allocation.Grains.Picking;

namespace Allocation.Tests.Picking;

public sealed class PickScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 20, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ThisHour = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Now.AddMinutes(15);
    private readonly PickSchedule schedule = PickSchedule.FromBookings([], firstSequence: 0);

    [Fact]
    public void Book_RoomInHour_BooksOnePick()
    {
        var result = schedule.Book(Request("R1", ThisHour.AddHours(2), picksMax: 2), Now);

        Assert.Equal(PickBookingOutcome.Booked, result.Outcome);
        Assert.Equal(1, result.PicksBooked);
        Assert.Equal([new HourLoad("S1", ThisHour.AddHours(2), 1)], schedule.Load("S1"));
    }

    [Fact]
    public void Book_HourFull_RefusesAndChangesNothing()
    {
        schedule.Book(Request("R1", ThisHour, picksMax: 1), Now);
        var sequence = schedule.Sequence;

        var result = schedule.Book(Request("R2", ThisHour, picksMax: 1), Now);

        Assert.Equal(PickBookingOutcome.Full, result.Outcome);
        Assert.Equal(sequence, schedule.Sequence);
        Assert.Null(schedule.BookingOf("R2"));
        Assert.Equal(1, schedule.PicksIn(ThisHour));
    }

    [Fact]
    public void Book_SameReservationAndHourAgain_AnswersAlreadyBookedWithoutASecondPick()
    {
        schedule.Book(Request("R1", ThisHour, picksMax: 5), Now);

        var result = schedule.Book(Request("R1", ThisHour, picksMax: 5), Now);

        Assert.Equal(PickBookingOutcome.AlreadyBooked, result.Outcome);
        Assert.Equal(1, schedule.PicksIn(ThisHour));
    }

    [Fact]
    public void Book_SameReservationOtherHour_MovesThePick()
    {
        schedule.Book(Request("R1", ThisHour, picksMax: 5), Now);

        var result = schedule.Book(Request("R1", ThisHour.AddHours(1), picksMax: 5), Now);

        Assert.Equal(PickBookingOutcome.Booked, result.Outcome);
        Assert.Equal((0, 1), (schedule.PicksIn(ThisHour), schedule.PicksIn(ThisHour.AddHours(1))));
    }

    [Theory]
    [InlineData(30, 5, 60, "hourStart")] // not a whole hour
    [InlineData(-120, 5, 60, "hourStart")] // an hour that has ended
    [InlineData(60 * 24 * 30, 5, 60, "hourStart")] // beyond the booking horizon
    [InlineData(60, -1, 60, "picksMax")]
    [InlineData(60, 100_001, 60, "picksMax")]
    [InlineData(60, 5, -1, "expiresAt")]
    public void Book_BadRequest_IsInvalidNamingTheFieldAndChangesNothing(int hourOffsetMinutes, int picksMax, int expiresInMinutes, string field)
    {
        var result = schedule.Book(new PickBookingRequest("R1", ThisHour.AddMinutes(hourOffsetMinutes), picksMax, Now.AddMinutes(expiresInMinutes)), Now);

        Assert.Equal(PickBookingOutcome.Invalid, result.Outcome);
        Assert.StartsWith(field + ":", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, schedule.Sequence);
        Assert.Empty(schedule.Load("S1"));
    }

    [Fact]
    public void Expire_UnpaidBookingPastItsDeadline_FreesThePick()
    {
        schedule.Book(Request("R1", ThisHour.AddHours(3), picksMax: 1), Now);

        var changed = schedule.Expire(Deadline);

        Assert.True(changed);
        Assert.Equal(0, schedule.PicksIn(ThisHour.AddHours(3)));
        var later = new PickBookingRequest("R2", ThisHour.AddHours(3), 1, Deadline.AddMinutes(15));
        Assert.Equal(PickBookingOutcome.Booked, schedule.Book(later, Deadline).Outcome);
    }

    [Fact]
    public void Confirm_Booking_NoLongerExpiresUntilItsHourEnds()
    {
        schedule.Book(Request("R1", ThisHour.AddHours(3), picksMax: 1), Now);

        Assert.True(schedule.Confirm("R1"));

        Assert.False(schedule.Expire(Deadline.AddHours(1)));
        Assert.Equal(1, schedule.PicksIn(ThisHour.AddHours(3)));
        Assert.True(schedule.Expire(ThisHour.AddHours(4)));
        Assert.Null(schedule.BookingOf("R1"));
    }

    [Fact]
    public void Confirm_NoBooking_ReturnsFalse() => Assert.False(schedule.Confirm("R9"));

    [Fact]
    public void Release_TwiceOrUnknown_FreesOnceAndChangesNothingElse()
    {
        schedule.Book(Request("R1", ThisHour, picksMax: 1), Now);

        Assert.True(schedule.Release("R1"));
        Assert.False(schedule.Release("R1"));
        Assert.False(schedule.Release("R9"));
        Assert.Equal(0, schedule.PicksIn(ThisHour));
    }

    [Fact]
    public void FromBookings_StoredBookings_RestoresCountsAndNextExpiry()
    {
        schedule.Book(Request("R1", ThisHour.AddHours(1), picksMax: 3), Now);
        schedule.Book(Request("R2", ThisHour.AddHours(1), picksMax: 3), Now);
        schedule.Confirm("R2");

        var restored = PickSchedule.FromBookings(schedule.Bookings, firstSequence: 100);

        Assert.Equal(2, restored.PicksIn(ThisHour.AddHours(1)));
        Assert.Equal(Deadline, restored.NextExpiry);
        Assert.Equal(100, restored.Sequence);
    }

    private static PickBookingRequest Request(string reservationId, DateTimeOffset hour, int picksMax) => new(reservationId, hour, picksMax, Deadline);
}
