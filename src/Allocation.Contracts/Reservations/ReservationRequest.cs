namespace Allocation.Contracts.Reservations;

/// <summary>
/// A basket: every line is held, or none is. Lines without a store are allocated by the solver for collection at
/// PickupStoreId within the readiness window.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.reservation-request")]
public sealed record ReservationRequest(
    [property: Id(0)] IReadOnlyList<RequestedLine> Lines,
    [property: Id(1)] int TtlSeconds,
    [property: Id(2)] string? PickupStoreId = null);
