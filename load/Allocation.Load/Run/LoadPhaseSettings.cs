namespace Allocation.Load.Run;

/// <summary>
/// DrainTimeout bounds the wait for requests in flight after the arrivals stop (then they are cancelled);
/// AbortGrace: aborting thresholds are not judged before it.
/// </summary>
public sealed record LoadPhaseSettings(TimeSpan Duration, TimeSpan DrainTimeout, TimeSpan AbortGrace, TimeSpan? KillHostAt, int Seed);
