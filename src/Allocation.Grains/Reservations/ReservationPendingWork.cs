using Allocation.Contracts.Reservations;

namespace Allocation.Grains.Reservations;

/// <summary>
/// Work a reservation has started but not finished, stored before its first step so that recovery finds it if the
/// process dies half-way: a reservation whose lines are being held (its intent), a confirm whose lines are being
/// committed, or a release whose lines are being freed.
/// </summary>
[GenerateSerializer, Alias("allocation.reservation-pending-work.v1")]
internal sealed class ReservationPendingWork
{
    [Id(0)] public ReservationPendingKind Kind { get; set; }

    /// <summary>For a basket: the lines about to be held (under the ids of every allocation attempt).</summary>
    [Id(1)] public List<ReservationLine> Lines { get; set; } = [];
}
