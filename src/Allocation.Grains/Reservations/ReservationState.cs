using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;

namespace Allocation.Grains.Reservations;

/// <summary>
/// The stored record of a reservation (a grain record); Status is null until the reservation first settles. Once
/// Confirmed it never changes again: the order owns the basket (ids 10-13 and 15 held a paid basket's moves and
/// take-over before the hand-over at confirm; never reuse them).
/// </summary>
[GenerateSerializer, Alias("allocation.reservation-state.v1")]
internal sealed class ReservationState
{
    [Id(0)] public ReservationStatus? Status { get; set; }
    [Id(1)] public List<ReservationLine> Lines { get; set; } = [];
    [Id(2)] public int TtlSeconds { get; set; }
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public string? PickupStoreId { get; set; }
    [Id(6)] public DateTimeOffset? ReadyBy { get; set; }

    /// <summary>The request as asked (normalised), so a repeat is recognised even when the solver chose the stores.</summary>
    [Id(7)] public List<RequestedLine> Requested { get; set; } = [];

    /// <summary>Picks booked at the source stores the solver chose (none for lines whose store was given), under the reservation id.</summary>
    [Id(8)] public List<PlannedPick> Picks { get; set; } = [];

    /// <summary>Per line, the id it is held under at its stock grain; empty means the reservation id for every line.</summary>
    [Id(9)] public List<string> HoldIds { get; set; } = [];

    /// <summary>A basket being held or a confirm under way, until it settles.</summary>
    [Id(14)] public ReservationPendingWork? Pending { get; set; }

    /// <summary>True while started work is unfinished: the record is stored as pending, for recovery to find.</summary>
    public bool HasUnfinishedWork => Pending is not null;

    /// <summary>A reserve cut off after its intent: nothing settled yet, the basket's holds under way.</summary>
    public bool IsReserveIntent => Status is null && Pending?.Kind == ReservationPendingKind.Reserve;
}
