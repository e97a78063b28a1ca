using System.Collections.Concurrent;
using HdrHistogram;
using Allocation.Load.Service;

namespace Allocation.Load.Metrics;

/// <summary>
/// The statistics of one step (scenario.step), safe to record from any thread. Latencies go into HdrHistogram
/// recorders; Tick moves the last interval into the run's totals and into one bucket per second.
/// </summary>
public sealed class StepMetrics(string scenario, string step)
{
    private readonly Recorder latencyRecorder = LatencyHistograms.CreateRecorder();
    private readonly Recorder serviceRecorder = LatencyHistograms.CreateRecorder();
    private readonly LongHistogram latencyTotal = LatencyHistograms.Create();
    private readonly LongHistogram serviceTotal = LatencyHistograms.Create();
    private readonly ConcurrentDictionary<int, long> statusCodes = new();
    private readonly List<BucketSnapshot> buckets = [];
    private readonly IntervalCounters interval = new();
    private readonly IntervalCounters total = new();
    private long retries;

    public string Scenario => scenario;

    public string Step => step;

    public string Name => $"{scenario}.{step}";

    public void Record(AnswerKind kind, int statusCode, TimeSpan latency, TimeSpan serviceTime, int attempts)
    {
        latencyRecorder.RecordValue(LatencyHistograms.ToMicroseconds(latency));
        serviceRecorder.RecordValue(LatencyHistograms.ToMicroseconds(serviceTime));
        statusCodes.AddOrUpdate(statusCode, 1, (_, count) => count + 1);
        interval.Add(kind);
        if (attempts > 1)
        {
            Interlocked.Add(ref retries, attempts - 1);
        }
    }

    public void RecordDropped() => interval.AddDropped();

    /// <summary>Closes the interval ending at <paramref name="second"/>; call from one thread (the run's ticker).</summary>
    public BucketSnapshot Tick(int second, double targetPerSecond)
    {
        var latency = latencyRecorder.GetIntervalHistogram();
        var counts = interval.TakeAndReset();
        lock (latencyTotal)
        {
            latencyTotal.Add(latency);
            serviceTotal.Add(serviceRecorder.GetIntervalHistogram());
            total.AddFrom(counts);
        }

        var bucket = new BucketSnapshot(
            second, targetPerSecond, counts.Ok, counts.Rejected, counts.Failed, counts.Dropped,
            LatencyHistograms.Milliseconds(latency, 50), LatencyHistograms.Milliseconds(latency, 95),
            LatencyHistograms.Milliseconds(latency, 99), LatencyHistograms.MaxMilliseconds(latency));
        lock (buckets)
        {
            buckets.Add(bucket);
        }

        return bucket;
    }

    public IReadOnlyList<BucketSnapshot> Buckets
    {
        get
        {
            lock (buckets)
            {
                return [.. buckets];
            }
        }
    }

    /// <summary>The totals up to the last Tick.</summary>
    public StepSummary Summarize(double durationSeconds)
    {
        lock (latencyTotal)
        {
            var counts = total.Peek();
            return new StepSummary(
                Name, scenario, step, counts.Ok, counts.Rejected, counts.Failed, counts.Dropped, Interlocked.Read(ref retries),
                durationSeconds, Copy(latencyTotal), Copy(serviceTotal), new Dictionary<int, long>(statusCodes));
        }
    }

    private static LongHistogram Copy(LongHistogram histogram)
    {
        var copy = LatencyHistograms.Create();
        copy.Add(histogram);
        return copy;
    }
}
