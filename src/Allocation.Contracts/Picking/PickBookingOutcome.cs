namespace Allocation.Contracts.Picking;

public enum PickBookingOutcome
{
    /// <summary>A pick is now booked for the reservation.</summary>
    Booked = 0,

    /// <summary>The reservation already had a pick booked here (a retry); the existing booking stands.</summary>
    AlreadyBooked = 1,

    /// <summary>The hour is fully booked; nothing changed.</summary>
    Full = 2,

    /// <summary>The request is malformed (hour not whole, capacity negative, deadline passed); nothing changed.</summary>
    Invalid = 3,
}
