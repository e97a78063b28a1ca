using Allocation.Contracts.Reservations;

namespace Allocation.Grains.Reservations;

/// <summary>A basket whose lines are being held; if it outlives its grain's work, recovery undoes it.</summary>
internal sealed record ReservationIntent(string TenantId, string ReservationId, IReadOnlyList<ReservationLine> Lines, DateTimeOffset CreatedAt);
