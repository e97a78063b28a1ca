using Allocation.Contracts.Orders;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Reservations;
using Allocation.Grains.Sourcing;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// Opens a paid basket as its order: the order's record (Paid, <see cref="OrderRecord.Opening"/> until the order has
/// seen its lines committed), its listing at every store it touches and, when the solver chose its stores, its entry
/// in re-optimisation's open-order list, for the confirm's own batch. Nothing else ever writes an order's record but
/// the order.
/// </summary>
internal sealed class OrderOpening(GrainRecords records, IOpenOrderStore openOrders) : IOrderOpening
{
    public IReadOnlyList<RecordWrite> Open(string tenantId, string orderId, PaidBasket basket)
    {
        var order = new OrderRecord
        {
            State = OrderState.Paid,
            Opening = true,
            PickupStoreId = basket.PickupStoreId,
            WindowStartsAt = basket.WindowStartsAt,
            ReadyBy = basket.ReadyBy,
            SolverChosen = basket.SolverChosen,
            Picks = [.. basket.Picks],
            BookingIds = basket.Picks.Select(pick => pick.StoreId).Distinct(StringComparer.Ordinal)
                .ToDictionary(storeId => storeId, _ => new List<string> { orderId }, StringComparer.Ordinal),
            Lines = [.. basket.Lines.Select((line, index) => new OrderLineRecord
            {
                Sku = line.Sku,
                SourceStoreId = line.StoreId,
                HoldId = basket.HoldIds[index],
                Quantity = line.Quantity,
                PickHour = basket.Picks.FirstOrDefault(pick => pick.StoreId == line.StoreId)?.HourStart,
            })],
        };
        OrderLifecycle.CheckInvariants(orderId, order);
        var key = OrderGrain.RecordKeyOf(new OrderKey(tenantId, orderId).ToGrainKey());
        return
        [
            records.Write(key, order, OrderGrain.StatusOf(order)),
            .. order.Lines.Select(line => line.SourceStoreId).Append(order.PickupStoreId).Distinct(StringComparer.Ordinal)
                .Select(storeId => records.Write(StoreListing.EntryOf(tenantId, storeId, orderId), true, null)),
            .. basket.SolverChosen ? [openOrders.Entry(tenantId, orderId, basket.WindowStartsAt)] : Array.Empty<RecordWrite>(),
        ];
    }
}
