namespace Allocation.Load.Metrics;

/// <summary>One step over one second of the run: answers counted when they arrived, latency percentiles in ms.</summary>
public sealed record BucketSnapshot(
    int Second,
    double TargetPerSecond,
    long Ok,
    long Rejected,
    long Failed,
    long Dropped,
    double P50Milliseconds,
    double P95Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds)
{
    public long Answered => Ok + Rejected + Failed;
}
