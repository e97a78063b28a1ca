using HdrHistogram;

namespace Allocation.Load.Metrics;

/// <summary>
/// A step's totals over the run. Latency is from the intended start (what a shopper waited); ServiceP99 is from the
/// last send (what the service took), so the gap between them is the queueing and the retries.
/// </summary>
public sealed record StepSummary(
    string Name,
    string Scenario,
    string Step,
    long Ok,
    long Rejected,
    long Failed,
    long Dropped,
    long Retries,
    double DurationSeconds,
    LongHistogram Latency,
    LongHistogram ServiceTime,
    IReadOnlyDictionary<int, long> StatusCodes)
{
    public long Answered => Ok + Rejected + Failed;

    public long Attempted => Answered + Dropped;

    /// <summary>Answered requests per second over the run.</summary>
    public double RatePerSecond => DurationSeconds <= 0 ? 0 : Answered / DurationSeconds;

    public double OkRatePerSecond => DurationSeconds <= 0 ? 0 : Ok / DurationSeconds;

    /// <summary>Failed and dropped as a share of everything attempted, in percent.</summary>
    public double ErrorPercent => Attempted == 0 ? 0 : 100.0 * (Failed + Dropped) / Attempted;

    public double RejectedPercent => Attempted == 0 ? 0 : 100.0 * Rejected / Attempted;

    public double Percentile(double percentile) => LatencyHistograms.Milliseconds(Latency, percentile);

    public double MaxMilliseconds => LatencyHistograms.MaxMilliseconds(Latency);

    public double MeanMilliseconds => Latency.TotalCount == 0 ? 0 : Latency.GetMean() / 1000.0;

    public double ServicePercentile(double percentile) => LatencyHistograms.Milliseconds(ServiceTime, percentile);
}
