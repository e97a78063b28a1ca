using Allocation.Grains.Contracts;
using Allocation.Grains.Picking;

namespace Allocation.Grains.Reservations;

/// <summary>The stored record of a reservation; Status is null until the reservation first settles.</summary>
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

    /// <summary>Picks booked at the source stores the solver chose (none for lines whose store was given).</summary>
    [Id(8)] public List<PlannedPick> Picks { get; set; } = [];
}
