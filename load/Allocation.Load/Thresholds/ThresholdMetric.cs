namespace Allocation.Load.Thresholds;

/// <summary>What a threshold measures. Latencies are in milliseconds, from the intended start.</summary>
public enum ThresholdMetric
{
    P50 = 1,
    P75,
    P90,
    P95,
    P99,
    P999,
    Max,
    Mean,

    /// <summary>Answered requests per second over the run.</summary>
    Rate,

    /// <summary>Failed plus dropped, percent of attempted.</summary>
    ErrorPercent,

    /// <summary>Rejected (sold out, cannot allocate, refused), percent of attempted.</summary>
    RejectedPercent,

    Failed,
    Dropped,
}
