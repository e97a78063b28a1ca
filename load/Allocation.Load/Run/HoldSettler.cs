using Allocation.Load.Invariants;

namespace Allocation.Load.Run;

/// <summary>
/// Waits until every hold of the run has ended (confirmed, released, or past its expiry), so the checker reads a
/// state that no timer changes under it. Bounded: a profile with long holds is checked with them still open.
/// </summary>
public static class HoldSettler
{
    /// <summary>Room for the service's expiry timer to fire and for clock skew to a remote service.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);

    public static async Task<TimeSpan> WaitAsync(RunLedger ledger, TimeProvider time, TimeSpan waitMax, CancellationToken cancellationToken)
    {
        var open = ledger.Reservations.Where(tracked => tracked.Acknowledged is LeftState.Held or LeftState.Unanswered || tracked.UnansweredTransition is not null).ToList();
        if (open.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var latest = open.Max(tracked => tracked.LatestExpiry) + Grace;
        var wait = latest - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        wait = wait > waitMax ? waitMax : wait;
        await Task.Delay(wait, time, cancellationToken);
        return wait;
    }
}
