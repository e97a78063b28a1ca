namespace Allocation.Load.Service;

/// <summary>The service's reservation view: Status is Held, Confirmed, Released, Expired or Rejected.</summary>
public sealed record ReservationReply(
    string ReservationId,
    string Status,
    IReadOnlyList<ReservationLineReply> Lines,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    string? PickupStoreId,
    DateTimeOffset? ReadyBy);
