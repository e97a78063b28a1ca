namespace Allocation.Contracts.Reservations;

/// <summary>
/// A reservation as it stands. Lines name the source store of every unit; ReadyBy is the promised pickup time when the
/// solver allocated it. From the confirm on, the order owns the basket and a read follows it: OrderState is the order's
/// state, Lines are where the order's units are now (each order line less what a short pick wrote off; re-sourced
/// lines included), ReadyBy its promise, and Status is Released once the order was cancelled (else Confirmed).
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.reservation-view")]
public sealed record ReservationView(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] ReservationStatus Status,
    [property: Id(2)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? PickupStoreId,
    [property: Id(6)] DateTimeOffset? ReadyBy = null,
    [property: Id(7)] Allocation.Contracts.Orders.OrderState? OrderState = null);
