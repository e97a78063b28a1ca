using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>
/// One reservation as the harness knows it: the state the service last acknowledged (with the lines and expiry it
/// answered), and whether a later call got no answer (so either outcome of that call is acceptable).
/// </summary>
public sealed class TrackedReservation(string reservationId, DateTimeOffset latestExpiry)
{
    public string ReservationId => reservationId;

    public LeftState Acknowledged { get; set; }

    public IReadOnlyList<ReservationLineReply> Lines { get; set; } = [];

    /// <summary>When its hold ends at the latest: the acknowledged expiry, or send time plus TTL when unanswered.</summary>
    public DateTimeOffset LatestExpiry { get; set; } = latestExpiry;

    /// <summary>A confirm or release was sent and never answered.</summary>
    public LeftState? UnansweredTransition { get; set; }
}
