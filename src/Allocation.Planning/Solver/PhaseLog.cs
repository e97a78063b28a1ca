using Allocation.Planning.Model;

namespace Allocation.Planning.Solver;

/// <summary>When each phase of one planning call ended, read off the call's own stopwatch.</summary>
internal sealed class PhaseLog
{
    private readonly List<PlanPhase> phases = [];

    public IReadOnlyList<PlanPhase> Phases => phases;

    public void Mark(string phase, PlanClock clock) => phases.Add(new PlanPhase(phase, clock.Elapsed.TotalMilliseconds));
}
