using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>
/// What a SKU-store's counts must be after the run: its counts before, plus the receipts and minus the sales the
/// service applied for the harness, plus the units of the run's reservations the service itself reports as held and
/// as confirmed.
/// </summary>
public static class ExpectedCounts
{
    public static Dictionary<SkuStore, (int OnHand, int Held, int Committed)> Compute(
        IReadOnlyDictionary<SkuStore, StockReply> baseline, IEnumerable<MovementRecord> movements, IEnumerable<ReservationReply> reservations)
    {
        var expected = baseline.ToDictionary(pair => pair.Key, pair => (pair.Value.OnHand, pair.Value.Held, pair.Value.Committed));
        foreach (var movement in movements.Where(movement => movement.Applied == true))
        {
            var (onHand, held, committed) = expected.GetValueOrDefault(movement.SkuStore);
            var delta = movement.Kind == MovementKind.Receipt ? movement.Quantity : -movement.Quantity;
            expected[movement.SkuStore] = (onHand + delta, held, committed);
        }

        foreach (var reservation in reservations)
        {
            var isHeld = reservation.Status == "Held";
            if (!isHeld && reservation.Status != "Confirmed")
            {
                continue;
            }

            foreach (var line in reservation.Lines)
            {
                var key = new SkuStore(line.Sku, line.StoreId);
                var (onHand, held, committed) = expected.GetValueOrDefault(key);
                expected[key] = isHeld ? (onHand, held + line.Quantity, committed) : (onHand, held, committed + line.Quantity);
            }
        }

        return expected;
    }
}
