namespace Allocation.Api.Reservations;

/// <summary>
/// A checkout's reservation. ReservationId is the caller's idempotency key: the same id with the same body
/// answers the same reservation; with a different body it is a conflict.
/// </summary>
public sealed record ReserveBody(string? ReservationId, IReadOnlyList<ReserveLineBody?>? Lines, int? TtlSeconds, string? PickupStoreId);
