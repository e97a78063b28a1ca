namespace Allocation.Api.Reservations;

/// <summary>
/// A checkout's reservation. ReservationId is the caller's idempotency key: the same id with the same body
/// answers the same reservation; with a different body it is a conflict. With a PickupStoreId, lines may leave out
/// their storeId: the allocation solver then chooses the source stores so the order is ready there in time.
/// </summary>
public sealed record ReserveBody(string? ReservationId, IReadOnlyList<ReserveLineBody?>? Lines, int? TtlSeconds, string? PickupStoreId);
