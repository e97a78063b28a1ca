using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Reservations;

/// <summary>
/// The hand-over at the confirm: the records that open a paid basket as its order (the order's own record, and its
/// listing at each of its stores), written in the confirm's own batch beside the reservation's pending confirm, so the
/// order exists exactly when the confirm was durably begun. The order record's shape belongs to the fulfilment room
/// above this one, which provides this.
/// </summary>
internal interface IOrderOpening
{
    IReadOnlyList<RecordWrite> Open(string tenantId, string orderId, PaidBasket basket);
}

/// <summary>
/// A basket as paid: its lines with the hold id each is committed under, the picks booked (under the order id), the
/// pickup store, the start of its readiness window and its promise, and whether the solver chose its stores.
/// </summary>
internal sealed record PaidBasket(
    string PickupStoreId,
    DateTimeOffset WindowStartsAt,
    DateTimeOffset? ReadyBy,
    IReadOnlyList<ReservationLine> Lines,
    IReadOnlyList<string> HoldIds,
    IReadOnlyList<PlannedPick> Picks,
    bool SolverChosen);
