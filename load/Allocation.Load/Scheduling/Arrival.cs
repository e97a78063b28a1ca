namespace Allocation.Load.Scheduling;

/// <summary>
/// One iteration of a scenario. IntendedStart is when the schedule wanted it to begin (elapsed run time); latency is
/// measured from there. IsOpenModel: the first request is dropped when no in-flight slot is free, never queued.
/// </summary>
public sealed record Arrival(string Scenario, long Index, TimeSpan IntendedStart, bool IsOpenModel);
