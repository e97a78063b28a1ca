using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;

namespace Allocation.Grains.Reservations;

/// <summary>
/// Lines and picks with the ids they are held and booked under at the stores (a moved line gets a new id, since a
/// stock grain never reuses an id it has seen). Used for a move under way and for what a finished move must free.
/// </summary>
[GenerateSerializer, Alias("allocation.reservation-placement-state.v1")]
internal sealed class ReservationPlacementState
{
    [Id(0)] public List<ReservationLine> Lines { get; set; } = [];
    [Id(1)] public List<string> HoldIds { get; set; } = [];
    [Id(2)] public List<PlannedPick> Picks { get; set; } = [];
    [Id(3)] public List<string> BookingIds { get; set; } = [];
    [Id(4)] public DateTimeOffset? ReadyBy { get; set; }
}
