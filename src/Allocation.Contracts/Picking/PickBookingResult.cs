namespace Allocation.Contracts.Picking;

/// <summary>The answer to a booking: what happened and how many picks the hour holds after it.</summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-booking-result")]
public sealed record PickBookingResult(
    [property: Id(0)] PickBookingOutcome Outcome,
    [property: Id(1)] DateTimeOffset HourStart,
    [property: Id(2)] int PicksBooked,
    [property: Id(3)] string? Reason = null)
{
    public bool IsBooked => Outcome is PickBookingOutcome.Booked or PickBookingOutcome.AlreadyBooked;
}
