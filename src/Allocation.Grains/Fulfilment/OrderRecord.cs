using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// The stored record of an order (a grain record, written through the ledger's group commit with the outbox events
/// of its transition). Requests maps each request id done to the fingerprint of its request, so a repeat is recognised.
/// </summary>
[GenerateSerializer, Alias("allocation.order-record.v1")]
internal sealed class OrderRecord
{
    [Id(0)] public OrderState State { get; set; } = OrderState.Paid;
    [Id(1)] public string PickupStoreId { get; set; } = "";
    /// <summary>When the readiness window starts: the basket's hold time (its first plan), not the payment.</summary>
    [Id(2)] public DateTimeOffset WindowStartsAt { get; set; }
    [Id(3)] public DateTimeOffset? ReadyBy { get; set; }
    [Id(4)] public List<OrderLineRecord> Lines { get; set; } = [];
    [Id(5)] public DateTimeOffset? ReadyAt { get; set; }
    [Id(6)] public DateTimeOffset? CollectBy { get; set; }
    [Id(7)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(8)] public string? PickupCode { get; set; }
    [Id(9)] public int WrongCodeAttempts { get; set; }
    [Id(10)] public bool Late { get; set; }
    [Id(11)] public DateTimeOffset? EarliestReadyAt { get; set; }
    [Id(12)] public bool Partial { get; set; }
    [Id(13)] public int Version { get; set; }
    [Id(14)] public Dictionary<string, string> Requests { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many replacement sourcings a short pick started; their hold ids carry it.</summary>
    [Id(15)] public int Generation { get; set; }
    [Id(16)] public string? CloseReason { get; set; }

    /// <summary>A step cut off after its stock changes began; null once the step's record is written.</summary>
    [Id(17)] public OrderPendingStep? Pending { get; set; }

    /// <summary>Pick bookings per source store (booking ids), freed when the order is cancelled before that store picked.</summary>
    [Id(18)] public Dictionary<string, List<string>> BookingIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Written so by the confirm that opened the order, before its lines were committed: until the order has seen every
    /// line committed (a stock confirm, idempotent) the payment may still fail, and then the order never was.
    /// </summary>
    [Id(19)] public bool Opening { get; set; }

    /// <summary>The picks booked for the lines as placed (store, hour, picks), for re-optimisation; booked under BookingIds.</summary>
    [Id(20)] public List<PlannedPick> Picks { get; set; } = [];

    /// <summary>The solver chose every line's store (the customer named none): only such an order may be moved.</summary>
    [Id(21)] public bool SolverChosen { get; set; }

    /// <summary>A move under way: its new holds and bookings, freed again if the move does not finish.</summary>
    [Id(22)] public OrderPlacement? Move { get; set; }

    /// <summary>What a finished move left to free at the old stores.</summary>
    [Id(23)] public OrderPlacement? Obsolete { get; set; }

    /// <summary>True while started work is unfinished: the record is stored as pending, for recovery to find.</summary>
    public bool HasUnfinishedWork => Pending is not null || Move is not null || Obsolete is not null;

    public bool IsEnded => State is OrderState.Collected or OrderState.Cancelled or OrderState.Expired;

    public bool CodeLocked => WrongCodeAttempts >= OrderLimits.PickupCodeAttemptsMax;
}
