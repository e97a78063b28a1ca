namespace Allocation.Contracts.Stock;

/// <summary>
/// Hold units for a reservation. ExpiresAt, when given, is the deadline shared by every line of a basket;
/// otherwise the stock grain sets it from TtlSeconds and its own clock.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.hold-request")]
public sealed record HoldRequest(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] int TtlSeconds,
    [property: Id(3)] DateTimeOffset? ExpiresAt = null);
