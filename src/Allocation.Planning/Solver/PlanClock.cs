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
    /// The tail of a call, what runs after the searches (giving picks their hours, assembling and explaining the plan),
    /// cannot stop, so the searches stop early enough to leave it a reserve sized from this call's own speed: its
    /// preparation's time times this ratio. Both pass once over every order of the request, so the ratio of their work
    /// is the same at any size, and a machine slowed by load slows both (measured: see docs/benchmarks.md §3,
    /// "Session 12").
    /// </summary>
    public const double TailReservePerPreparationRatio = 20.0;

    /// <summary>
    /// The least tail reserve, as a share of the limit: at load 5-7 on 2 cores the tail took up to 180 ms of a 1 s limit
    /// after a preparation of 4 ms (stalls the preparation does not foresee), so a quick preparation alone does not let
    /// the searches run closer to the limit than this.
    /// </summary>
    public const double TailReserveMinShare = 0.2;

    /// <summary>
    /// The most tail reserve, as a share of the limit (the fixed reserve before it was measured): the flow's wait ends at
    /// <see cref="FlowSolveShareOfTimeLimit"/>, and admitting its picks needs time after it (with 0.4 a flow solved at
    /// 596 ms left admission none: a plan of 0 % on 10,000 single-unit orders).
    /// </summary>
    public const double TailReserveMaxShare = 0.28;

    /// <summary>
    /// Unallocated orders get the search for their earliest possible ready time until this share of the tail reserve is
    /// left; the rest is kept for classifying the others and assembling the plan (measured at 10,000 baskets with 3,000
    /// unallocated: 30-50 ms, up to 140 ms at load 20 on 2 cores).
    /// </summary>
    public const double ExplanationEndShareOfTailReserve = 0.5;

    private readonly TimeProvider time;
    private readonly long startTimestamp;

    public PlanClock(TimeProvider time, long limitMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(limitMilliseconds);
        this.time = time;
        startTimestamp = time.GetTimestamp();
        LimitMilliseconds = limitMilliseconds;
        TailReserveMilliseconds = (long)(limitMilliseconds * TailReserveMaxShare);
    }

    public TimeProvider Time => time;

    public long LimitMilliseconds { get; }

    public TimeSpan Elapsed => time.GetElapsedTime(startTimestamp);

    public long ElapsedMilliseconds => (long)Elapsed.TotalMilliseconds;

    /// <summary>The time kept for the tail of the call; the most (<see cref="TailReserveMaxShare"/>) until measured.</summary>
    public long TailReserveMilliseconds { get; private set; }

    /// <summary>Admission, repair, retry and the improvement searches stop here, the tail reserve before the limit.</summary>
    public long SearchDeadlineMilliseconds => LimitMilliseconds - TailReserveMilliseconds;

    /// <summary>The search for unallocated orders' earliest ready times stops here.</summary>
    public long ExplanationDeadlineMilliseconds => LimitMilliseconds - (long)(TailReserveMilliseconds * ExplanationEndShareOfTailReserve);

    /// <summary>
    /// Sizes the tail reserve from the time this call took to prepare its orders (<see cref="TailReservePerPreparationRatio"/>),
    /// between <see cref="TailReserveMinShare"/> and <see cref="TailReserveMaxShare"/> of the limit.
    /// </summary>
    public void ReserveTail(TimeSpan preparation)
    {
        var most = (long)(LimitMilliseconds * TailReserveMaxShare);
        var least = (long)(LimitMilliseconds * TailReserveMinShare);
        var measured = (long)Math.Ceiling(preparation.TotalMilliseconds * TailReservePerPreparationRatio);
        TailReserveMilliseconds = Math.Min(most, Math.Max(least, measured));
    }

    /// <summary>Whether the searches' deadline has passed.</summary>
    public bool IsPastSearchDeadline => Elapsed.TotalMilliseconds >= SearchDeadlineMilliseconds;

    /// <summary>Whether the explanation's deadline has passed.</summary>
    public bool IsPastExplanationDeadline => Elapsed.TotalMilliseconds >= ExplanationDeadlineMilliseconds;

    /// <summary>Time left until the searches' deadline; zero when past it.</summary>
    public TimeSpan RemainingUntilSearchDeadline
    {
        get
        {
            var remaining = TimeSpan.FromMilliseconds(SearchDeadlineMilliseconds) - Elapsed;
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

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
