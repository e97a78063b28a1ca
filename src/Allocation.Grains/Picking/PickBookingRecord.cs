namespace Allocation.Grains.Picking;

/// <summary>One reservation's pick at a store; <see cref="ExpiresAt"/> is null once the reservation is paid.</summary>
[GenerateSerializer, Immutable, Alias("allocation.pick-booking-record.v1")]
internal sealed record PickBookingRecord(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] DateTimeOffset HourStart,
    [property: Id(2)] DateTimeOffset? ExpiresAt);
