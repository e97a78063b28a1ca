namespace Allocation.Planning.Model;

/// <summary>A planning phase and when it ended, in milliseconds since the call began (for finding where the time goes).</summary>
public sealed record PlanPhase(string Phase, double EndedAtMilliseconds);
