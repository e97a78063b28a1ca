using Allocation.Load.Invariants;
using Allocation.Load.Metrics;
using Allocation.Load.Run;
using Allocation.Load.Thresholds;

namespace Allocation.Load.Reports;

/// <summary>Everything the reports show about one run.</summary>
public sealed record RunReport(
    string ProfileName,
    string? ProfileDescription,
    string CommandLine,
    DateTimeOffset StartedAt,
    string Target,
    double Scale,
    double PeakTargetPerSecond,
    double DurationSeconds,
    int MaxInFlight,
    IReadOnlyList<StepSummary> Steps,
    IReadOnlyList<StepMetrics> StepMetrics,
    IReadOnlyDictionary<string, IReadOnlyList<string>> EntrySteps,
    IReadOnlyList<ThresholdResult> Thresholds,
    InvariantReport? Invariants,
    IReadOnlyList<Outage> Outages,
    IReadOnlyList<SkippedScenario> Skipped,
    string? AbortReason,
    IReadOnlyList<string> Notes,
    int ExitCode,
    IReadOnlyDictionary<string, long>? FloorCounts = null)
{
    public bool IsEntry(StepMetrics step) => EntrySteps.TryGetValue(step.Scenario, out var steps) && steps.Contains(step.Step);

    /// <summary>A step of a store-staff scenario (one whose iterations start with the pick list).</summary>
    public bool IsStoreStep(string scenario) => EntrySteps.TryGetValue(scenario, out var steps) && steps.Contains(Scenarios.StoreStaffScenario.PickListStep);

    public string Verdict => ExitCode switch
    {
        ExitCodes.Passed => "PASSED: every threshold held and every invariant checked out",
        ExitCodes.ThresholdFailed => "FAILED: a threshold failed",
        ExitCodes.InvariantBroken => "BROKEN: an invariant broke",
        _ => "DID NOT RUN",
    };
}
