namespace Allocation.Load.Service;

/// <summary>
/// The service's reservation view: Status is Held, Confirmed, Released, Expired or Rejected. OrderState is set once the
/// reservation was paid: the read then follows the order (Released once it was cancelled; lines less write-offs).
/// </summary>
public sealed record ReservationReply(
    string ReservationId,
    string Status,
    IReadOnlyList<ReservationLineReply> Lines,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    string? PickupStoreId,
    DateTimeOffset? ReadyBy,
    string? OrderState = null);
