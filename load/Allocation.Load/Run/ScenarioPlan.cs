using Allocation.Load.Profiles;
using Allocation.Load.Scenarios;
using Allocation.Load.Scheduling;

namespace Allocation.Load.Run;

/// <summary>A scenario ready to run: open with its arrival curve, or closed with its virtual users.</summary>
public sealed record ScenarioPlan(IScenario Scenario, ScenarioProfile Profile, RateCurve? Curve)
{
    public bool IsOpen => Profile.Model == LoadModel.Open;
}
