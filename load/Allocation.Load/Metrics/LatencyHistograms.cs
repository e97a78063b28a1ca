using HdrHistogram;

namespace Allocation.Load.Metrics;

/// <summary>Latencies in microseconds, 1 µs to 10 minutes (a retried call during an outage can take long), 3 digits.</summary>
public static class LatencyHistograms
{
    public const long HighestMicroseconds = 600_000_000;
    public const int SignificantDigits = 3;

    public static LongHistogram Create() => new(HighestMicroseconds, SignificantDigits);

    public static Recorder CreateRecorder() =>
        HistogramFactory.With64BitBucketSize().WithValuesUpTo(HighestMicroseconds).WithPrecisionOf(SignificantDigits).WithThreadSafeReads().Create();

    public static long ToMicroseconds(TimeSpan latency) => Math.Clamp((long)latency.TotalMicroseconds, 1, HighestMicroseconds);

    public static double Milliseconds(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public static double MaxMilliseconds(HistogramBase histogram) => histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0;
}
