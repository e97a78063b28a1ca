namespace Allocation.Bench.Http;

/// <summary>What the anchor answers: enough for a checkout (id, status, expiry) and for the benchmark's read-back.</summary>
internal sealed record AnchorReservationView(string ReservationId, string Status, long ExpiresAtUnixMilliseconds);
