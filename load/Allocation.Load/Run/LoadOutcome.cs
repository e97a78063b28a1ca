using Allocation.Load.Metrics;

namespace Allocation.Load.Run;

/// <summary>What the load phase produced: per-step totals and buckets, why it stopped early (if it did), outages.</summary>
public sealed record LoadOutcome(double DurationSeconds, IReadOnlyList<StepSummary> Steps, IReadOnlyList<StepMetrics> StepMetrics, string? AbortReason, IReadOnlyList<Outage> Outages);
