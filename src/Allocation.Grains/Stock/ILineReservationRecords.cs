using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Stock;

/// <summary>
/// The record a single-line reservation naming its store is claimed with when its stock grain decides it: the
/// reservation's own record, exactly as the reservation grain stores and reads it. The shape belongs to the
/// reservation room above this one, which provides this.
/// </summary>
internal interface ILineReservationRecords
{
    /// <summary>A claim (insert-if-absent) of the reservation's record, held from <paramref name="createdAt"/> to <paramref name="expiresAt"/>.</summary>
    RecordWrite Claim(StockKey key, string reservationId, ReservationRequest request, DateTimeOffset createdAt, DateTimeOffset expiresAt);
}
