namespace Allocation.Client.Reservations;

/// <summary>
/// A basket to hold. <see cref="ReservationId"/> is the idempotency key: the same id with the same body answers the same
/// reservation, which is what makes a retry safe. Lines without a store are sourced by the solver for
/// <see cref="PickupStoreId"/>.
/// </summary>
public sealed record ReserveRequest(string ReservationId, IReadOnlyList<ReserveLine> Lines, int? TtlSeconds = null, string? PickupStoreId = null);

/// <summary>One line of a basket; <see cref="StoreId"/> null lets the solver choose (needs the request's pickup store).</summary>
public sealed record ReserveLine(string Sku, int Quantity, string? StoreId = null);

public enum ReservationStatus
{
    Held = 1,
    Confirmed = 2,
    Released = 3,
    Expired = 4,
    Rejected = 5,
}

/// <summary>
/// A reservation as the service holds it: its lines with their source stores, status, expiry, promised ready-by. From the
/// confirm on, the order owns the basket and the read follows it: <see cref="OrderState"/> is the order's state, the
/// lines are where its units are now (less what a short pick wrote off), and the status is Released once the order was
/// cancelled.
/// </summary>
public sealed record Reservation(
    string ReservationId,
    ReservationStatus Status,
    IReadOnlyList<ReservationLine> Lines,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    string? PickupStoreId,
    DateTimeOffset? ReadyBy,
    Orders.OrderState? OrderState = null);

public sealed record ReservationLine(string Sku, string StoreId, int Quantity);

/// <summary>Why a basket was out of stock: one per short line (in the problem's "shortages").</summary>
public sealed record StockShortage(int LineIndex, string Sku, string StoreId, int Requested, int Available);
