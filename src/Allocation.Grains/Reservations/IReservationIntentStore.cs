using Allocation.Contracts.Reservations;

namespace Allocation.Grains.Reservations;

/// <summary>Durable intents of multi-line baskets, written before the first line is held and removed once settled.</summary>
internal interface IReservationIntentStore
{
    /// <summary>Records (or, for a later allocation attempt, replaces) the lines about to be held.</summary>
    Task RecordAsync(string tenantId, string reservationId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken);

    Task ClearAsync(string tenantId, string reservationId, CancellationToken cancellationToken);

    /// <summary>Intents recorded before <paramref name="createdBefore"/>: baskets whose work stopped half-way.</summary>
    Task<IReadOnlyList<ReservationIntent>> ListStaleAsync(DateTimeOffset createdBefore, int limit, CancellationToken cancellationToken);
}
