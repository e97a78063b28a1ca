namespace Allocation.Bench.Http;

/// <summary>The request shape of <c>POST /api/v1/reservations</c>, as the service takes it; the anchor needs a store on every line.</summary>
internal sealed record AnchorReserveBody(string? ReservationId, IReadOnlyList<AnchorReserveLine?>? Lines, int? TtlSeconds, string? PickupStoreId);
