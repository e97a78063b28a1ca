using Allocation.Client.Orders;
using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>
/// What a SKU-store's counts must be after the run: its counts before, plus the receipts and minus the sales the
/// service applied for the harness, plus the units of the run's reservations the service itself reports as held and
/// as confirmed. Once store staff worked a paid order, its committed units are its lines still committed at their
/// source (the order's own view), and on hand moves with picks, returns and their corrections at every SKU-store the
/// order touched: those on hand counts are left to the unit-conservation check.
/// </summary>
public static class ExpectedCounts
{
    public static Dictionary<SkuStore, (int OnHand, int Held, int Committed)> Compute(
        IReadOnlyDictionary<SkuStore, StockReply> baseline, IEnumerable<MovementRecord> movements, IEnumerable<ReservationReply> reservations,
        IReadOnlyDictionary<string, Order>? orders = null)
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

            if (!isHeld && orders?.GetValueOrDefault(reservation.ReservationId) is { } order)
            {
                foreach (var line in order.Lines.Where(line => line.State == OrderLineState.Committed))
                {
                    var source = new SkuStore(line.Sku, line.SourceStoreId);
                    var (onHand, held, committed) = expected.GetValueOrDefault(source);
                    expected[source] = (onHand, held, committed + line.Quantity);
                }

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

    /// <summary>The SKU-stores where a store step of an order moved on hand (a pick at a source, a return or handover at the pickup store).</summary>
    public static IReadOnlySet<SkuStore> OnHandMovedByOrders(IEnumerable<Order> orders)
    {
        var moved = new HashSet<SkuStore>();
        foreach (var order in orders)
        {
            foreach (var line in order.Lines.Where(line => line.State != OrderLineState.Committed))
            {
                moved.Add(new SkuStore(line.Sku, line.SourceStoreId));
                moved.Add(new SkuStore(line.Sku, order.PickupStoreId));
            }
        }

        return moved;
    }
}
