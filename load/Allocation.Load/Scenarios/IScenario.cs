using Allocation.Load.Scheduling;

namespace Allocation.Load.Scenarios;

/// <summary>A sequence of steps run once per arrival. Every expected outcome is recorded, never thrown.</summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>The step of the iteration's first request: it carries the scenario's target rate.</summary>
    string EntryStep { get; }

    /// <summary>Every step that can be an iteration's first request (what "achieved arrivals" counts).</summary>
    IReadOnlyList<string> EntrySteps { get; }

    Task RunAsync(Arrival arrival);
}
