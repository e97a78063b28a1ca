using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;

namespace Allocation.Grains.Reservations;

/// <summary>The stored record of a reservation (a grain record); Status is null until the reservation first settles.</summary>
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

    /// <summary>Per line, the id it is held under at its stock grain; empty means the reservation id for every line.</summary>
    [Id(9)] public List<string> HoldIds { get; set; } = [];

    /// <summary>Per pick, the id it is booked under at its store; empty means the reservation id for every pick.</summary>
    [Id(10)] public List<string> BookingIds { get; set; } = [];

    /// <summary>How many moves were started; new hold and booking ids carry it.</summary>
    [Id(11)] public int Generation { get; set; }

    /// <summary>A move under way: its new holds and bookings, freed again if the move does not finish.</summary>
    [Id(12)] public ReservationPlacementState? Move { get; set; }

    /// <summary>What a finished move left to free at the old stores.</summary>
    [Id(13)] public ReservationPlacementState? Obsolete { get; set; }

    /// <summary>A basket being held or a confirm under way, until it settles.</summary>
    [Id(14)] public ReservationPendingWork? Pending { get; set; }

    /// <summary>Its order took it over (a wave or another store step): it never moves or releases again; the order decides.</summary>
    [Id(15)] public bool PickingStarted { get; set; }

    /// <summary>True while started work is unfinished: the record is stored as pending, for recovery to find.</summary>
    public bool HasUnfinishedWork => Pending is not null || Move is not null || Obsolete is not null;
}
