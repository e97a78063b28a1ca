using Allocation.Load.Metrics;
using Allocation.Load.Thresholds;

namespace Allocation.Load.Live;

/// <summary>What the live view shows each second.</summary>
public sealed record LiveSnapshot(
    double ElapsedSeconds,
    double DurationSeconds,
    double TargetPerSecond,
    double AchievedPerSecond,
    int InFlight,
    IReadOnlyList<StepSummary> Steps,
    IReadOnlyList<ThresholdResult> Thresholds,
    string? Status);
