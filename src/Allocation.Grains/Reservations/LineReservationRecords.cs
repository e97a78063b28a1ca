using Allocation.Contracts;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Stock;

namespace Allocation.Grains.Reservations;

/// <summary>
/// Builds the record of a single-line reservation its stock grain decided: the same record a reservation grain
/// writes when it settles such a reservation as held, so a later read, repeat, confirm or release through the
/// reservation grain finds it as if that grain had made it.
/// </summary>
internal sealed class LineReservationRecords(GrainRecords records) : ILineReservationRecords
{
    public RecordWrite Claim(StockKey key, string reservationId, ReservationRequest request, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        Invariant.Require(request.Lines.Count == 1 && request.Lines[0].StoreId == key.StoreId && request.Lines[0].Sku == key.Sku,
            $"reservation {reservationId}: a stock grain decides only a single line naming its own SKU-store");
        var line = request.Lines[0];
        var record = new ReservationState
        {
            Status = ReservationStatus.Held,
            Lines = [new ReservationLine(key.Sku, key.StoreId, line.Quantity)],
            Requested = BasketLines.Normalize(request.Lines),
            TtlSeconds = request.TtlSeconds,
            PickupStoreId = request.PickupStoreId,
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
        };
        var recordKey = new RecordKey(new RecordOwner(StorageNames.ReservationRecord, new ReservationKey(key.TenantId, reservationId).ToGrainKey()), "");
        return records.Claim(recordKey, record, nameof(ReservationStatus.Held));
    }
}
