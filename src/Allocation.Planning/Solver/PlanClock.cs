namespace Allocation.Planning.Solver;

/// <summary>
/// One planning call's clock against its one deadline, <see cref="Model.PlanningLimits.SolveTimeLimitMilliseconds"/>.
/// Every phase that can take long reads it inside its loop and stops at its share of the limit, keeping what it has
/// decided so far, so the call returns within the limit with a valid plan (less optimised, or less full, when time is
/// short). The time comes from a <see cref="TimeProvider"/>, so tests drive it by hand.
/// </summary>
internal sealed class PlanClock
{
    /// <summary>
    /// The flow's candidate scan stops here: orders not scanned by then stay out of the flow and are decided one by one
    /// (measured at 10,000 single-unit orders: 170-377 ms of a 1 s limit on a loaded machine).
    /// </summary>
    public const double FlowCandidatesShareOfTimeLimit = 0.4;

    /// <summary>
    /// A candidate scan that ends past this share marks a slow machine: the orders are then decided one by one from their
    /// candidates before the flow is built, as the plan to fall back on (measured at 10,000 single-unit orders: a scan
    /// of 60-100 ms on a quiet machine, 250-420 ms at load 20-28 on 2 cores, where the flow was abandoned in 9 of 15 calls).
    /// </summary>
    public const double FallbackFirstShareOfTimeLimit = 0.2;

    /// <summary>
    /// The flow's graph is not built past this share, and the planner waits for OR-Tools' solve (which has no time limit
    /// of its own) at most until it; a solve still running then is abandoned and its orders decided one by one.
    /// </summary>
    public const double FlowSolveShareOfTimeLimit = 0.6;

    /// <summary>
    /// Admission, repair, retry and the improvement searches stop here; the rest of the limit is kept for giving picks
    /// their hours and for assembling and explaining the plan, which cannot stop (measured at 10,000 orders: 70-90 ms of
    /// a 1 s limit on a slow day, 150-280 ms at load 15-25 on 2 cores, where 0.8 overran the limit by 31-45 ms and 0.75 by
    /// 41 ms).
    /// </summary>
    public const double SearchShareOfTimeLimit = 0.72;

    /// <summary>
    /// Unallocated orders get the search for their earliest possible ready time until here; the rest is kept for
    /// classifying the others and assembling the plan (measured at 10,000 baskets with 3,000 unallocated: 30-50 ms, up
    /// to 140 ms at load 20 on 2 cores).
    /// </summary>
    public const double ExplanationShareOfTimeLimit = 0.85;

    private readonly TimeProvider time;
    private readonly long startTimestamp;

    public PlanClock(TimeProvider time, long limitMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(limitMilliseconds);
        this.time = time;
        startTimestamp = time.GetTimestamp();
        LimitMilliseconds = limitMilliseconds;
    }

    public TimeProvider Time => time;

    public long LimitMilliseconds { get; }

    public TimeSpan Elapsed => time.GetElapsedTime(startTimestamp);

    public long ElapsedMilliseconds => (long)Elapsed.TotalMilliseconds;

    /// <summary>The point of the call, in milliseconds since it began, that is <paramref name="share"/> of the limit.</summary>
    public long MillisecondsAt(double share) => (long)(LimitMilliseconds * share);

    /// <summary>Whether the call has used <paramref name="share"/> of its limit.</summary>
    public bool IsPast(double share) => Elapsed.TotalMilliseconds >= MillisecondsAt(share);

    /// <summary>Time left until <paramref name="share"/> of the limit; zero when past it.</summary>
    public TimeSpan RemainingUntil(double share)
    {
        var remaining = TimeSpan.FromMilliseconds(MillisecondsAt(share)) - Elapsed;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
