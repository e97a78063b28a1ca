namespace Allocation.Contracts.Picking;

/// <summary>
/// Book one pick for a reservation at a store in the hourly bucket starting at <paramref name="HourStart"/> (whole UTC
/// hour). <paramref name="PicksMax"/> is the store's pick capacity in that hour (from its opening hours and picks per
/// hour); the booking expires with the reservation's hold at <paramref name="ExpiresAt"/> unless confirmed.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-booking-request")]
public sealed record PickBookingRequest(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] DateTimeOffset HourStart,
    [property: Id(2)] int PicksMax,
    [property: Id(3)] DateTimeOffset ExpiresAt);
