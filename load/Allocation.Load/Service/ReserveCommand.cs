namespace Allocation.Load.Service;

/// <summary>POST /api/v1/reservations. A line without StoreId is allocated by the solver for PickupStoreId.</summary>
public sealed record ReserveCommand(string ReservationId, IReadOnlyList<ReserveLineCommand> Lines, int TtlSeconds, string? PickupStoreId);
