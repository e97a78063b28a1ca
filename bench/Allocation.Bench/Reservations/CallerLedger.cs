using HdrHistogram;

namespace Allocation.Bench.Reservations;

/// <summary>What one caller was told by the target, per key, plus its latencies; owned by that caller alone, so no locks.</summary>
internal sealed class CallerLedger(int keyCount, long highestLatencyMicroseconds)
{
    public const int LatencySignificantDigits = 3;

    public long[] ReservedUnits { get; } = new long[keyCount];

    public long[] ConfirmedUnits { get; } = new long[keyCount];

    public long[] ExpiredUnits { get; } = new long[keyCount];

    public LongHistogram LatencyMicroseconds { get; } = new(highestLatencyMicroseconds, LatencySignificantDigits);

    public long Granted { get; set; }

    public long Rejected { get; set; }

    /// <summary>Confirms or expires of a hold the target had granted that it then said were not there.</summary>
    public long MissingHolds { get; set; }

    public long MeasuredOperations { get; set; }

    public long LastMeasuredCompletionTimestamp { get; set; }

    public bool EndedOutOfStock { get; set; }

    public bool StoppedAtTimeLimit { get; set; }

    /// <summary>An exception from the target: the outcome of that operation is unknown, so the scenario cannot reconcile.</summary>
    public Exception? Failure { get; set; }
}
