namespace Allocation.Bench.Http;

/// <summary>One row of the table: a path on a target, closed loop at its maximum or open model at a fixed rate.</summary>
internal sealed record RowResult(
    TargetKind Target,
    PathShape Shape,
    double RequestsPerSecond,
    double? OfferedRequestsPerSecond,
    long P50Microseconds,
    long P99Microseconds,
    long Errors,
    IReadOnlyList<string> ErrorSamples,
    IReadOnlyList<AcknowledgedReservation> Acknowledged)
{
    /// <summary>Methods the host JIT-compiled during the measured window (closed loop, service hosts only), else null.</summary>
    public long? JitCompiledMethods { get; init; }
}
