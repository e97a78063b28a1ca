using System.Diagnostics.Metrics;

namespace Allocation.Planning.Online;

/// <summary>
/// The online micro-batches' figures on the meter <see cref="MeterName"/>: orders planned together, and how long a
/// batch spends reading availability and in the planner (the part of a solver-chosen reservation's latency that is ours).
/// </summary>
public static class MicroBatchMetrics
{
    public const string MeterName = "Allocation.Planning";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<int> BatchOrders = Meter.CreateHistogram<int>(
        "allocation.planning.batch.orders", "{order}", "Orders planned together in one online micro-batch",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    internal static readonly Histogram<double> SnapshotDuration = Meter.CreateHistogram<double>(
        "allocation.planning.snapshot.duration", "ms", "Reading stock and pick load for one micro-batch",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });

    internal static readonly Histogram<double> PlanDuration = Meter.CreateHistogram<double>(
        "allocation.planning.plan.duration", "ms", "Planning one micro-batch (the solver), snapshot excluded",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });

    private static double[] MillisecondBuckets => [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];
}
