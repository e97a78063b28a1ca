using System.Diagnostics;
using HdrHistogram;

namespace Allocation.Bench.Http;

/// <summary>
/// What one row saw: latencies of measured requests in an HdrHistogram (microseconds), every error answer (warm-up
/// included: the target is zero errors), a few error texts, and every acknowledged reservation. Thread-safe, because
/// open-model completions arrive on any thread.
/// </summary>
internal sealed class RowRecorder
{
    public const long LatencyMicrosecondsMax = 60 * MicrosecondsPerSecond;
    public const int LatencySignificantDigits = 3;
    private const long MicrosecondsPerSecond = 1_000_000;
    private const int ErrorSamplesMax = 5;

    private readonly Lock _gate = new();
    private readonly LongHistogram _latencyMicroseconds = new(LatencyMicrosecondsMax, LatencySignificantDigits);
    private readonly List<string> _errorSamples = [];
    private readonly List<AcknowledgedReservation> _acknowledged = [];
    private long _errors;
    private long _measured;
    private long _lastMeasuredCompletionTimestamp;

    public long Errors { get { lock (_gate) return _errors; } }

    public long Measured { get { lock (_gate) return _measured; } }

    public long LastMeasuredCompletionTimestamp { get { lock (_gate) return _lastMeasuredCompletionTimestamp; } }

    public IReadOnlyList<string> ErrorSamples { get { lock (_gate) return [.. _errorSamples]; } }

    public IReadOnlyList<AcknowledgedReservation> Acknowledged { get { lock (_gate) return [.. _acknowledged]; } }

    public void RecordLatency(long startTimestamp, long endTimestamp)
    {
        var microseconds = Math.Min((endTimestamp - startTimestamp) * MicrosecondsPerSecond / Stopwatch.Frequency, LatencyMicrosecondsMax);
        lock (_gate)
        {
            _latencyMicroseconds.RecordValue(Math.Max(microseconds, 0));
            _measured++;
            _lastMeasuredCompletionTimestamp = Math.Max(_lastMeasuredCompletionTimestamp, endTimestamp);
        }
    }

    public void RecordError(string description)
    {
        lock (_gate)
        {
            _errors++;
            if (_errorSamples.Count < ErrorSamplesMax)
                _errorSamples.Add(description);
        }
    }

    public void RecordAcknowledged(AcknowledgedReservation reservation)
    {
        lock (_gate)
            _acknowledged.Add(reservation);
    }

    public (long P50Microseconds, long P99Microseconds) Percentiles()
    {
        lock (_gate)
        {
            return _latencyMicroseconds.TotalCount == 0
                ? (0, 0)
                : (_latencyMicroseconds.GetValueAtPercentile(50), _latencyMicroseconds.GetValueAtPercentile(99));
        }
    }
}
