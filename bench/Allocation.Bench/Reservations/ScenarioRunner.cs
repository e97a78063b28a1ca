using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace Allocation.Bench.Reservations;

/// <summary>
/// Runs one scenario on one target: fresh stock, <c>--concurrency</c> callers in a closed loop (each waits for its answer
/// before the next request), a warm-up, a measured window or count, then the invariant checks against the stored counts.
/// </summary>
internal sealed class ScenarioRunner
{
    private const long MicrosecondsPerSecond = 1_000_000;

    /// <summary>Longer latencies are recorded as this value; no single operation should come near it.</summary>
    private const long LatencyMicrosecondsMax = 600 * MicrosecondsPerSecond;
    private readonly string _targetName;
    private readonly IReservationTarget _target;
    private readonly Scenario _scenario;
    private readonly ReservationBenchmarkOptions _options;
    private readonly long _measureStartTimestamp;
    private readonly long _measureEndTimestamp;
    private readonly long _hardEndTimestamp;
    private long _measuredOperationsStarted;

    private ScenarioRunner(string targetName, IReservationTarget target, Scenario scenario, ReservationBenchmarkOptions options, long startTimestamp)
    {
        _targetName = targetName;
        _target = target;
        _scenario = scenario;
        _options = options;
        var sellOut = scenario.Workload == ScenarioWorkload.SellOut;
        _measureStartTimestamp = sellOut ? startTimestamp : startTimestamp + SecondsToTicks(options.WarmupSeconds);
        var timeWindow = !sellOut && options.MeasuredOperations is null;
        _measureEndTimestamp = timeWindow ? _measureStartTimestamp + SecondsToTicks(options.DurationSeconds) : long.MaxValue;
        // A time window ends by itself; a count or a sell-out might not, so those get a hard stop.
        _hardEndTimestamp = timeWindow ? long.MaxValue : startTimestamp + SecondsToTicks(ReservationBenchmarkOptions.ScenarioTimeLimitSeconds);
    }

    public static async Task<ScenarioResult> RunAsync(
        string targetName, IReservationTarget target, Scenario scenario, ReservationBenchmarkOptions options, CancellationToken cancellationToken)
    {
        await target.SetupAsync(scenario.KeyCount, scenario.UnitsPerKey, cancellationToken);
        GC.Collect();
        var runner = new ScenarioRunner(targetName, target, scenario, options, Stopwatch.GetTimestamp());
        var ledgers = await runner.RunCallersAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var totals = await target.ReadTotalsAsync(cancellationToken);
        return runner.Summarize(ledgers, totals);
    }

    private async Task<CallerLedger[]> RunCallersAsync(CancellationToken cancellationToken)
    {
        var ledgers = new CallerLedger[_options.Concurrency];
        var callers = new Task[_options.Concurrency];
        for (var caller = 0; caller < callers.Length; caller++)
        {
            var ledger = ledgers[caller] = new CallerLedger(
                _scenario.KeyCount, LatencyMicrosecondsMax);
            var random = new Random(HashCode.Combine(_options.Seed, caller));
            var callerNumber = caller;
            callers[caller] = Task.Run(() => RunCallerAsync(callerNumber, random, ledger, cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(callers);
        return ledgers;
    }

    private async Task RunCallerAsync(int caller, Random random, CallerLedger ledger, CancellationToken cancellationToken)
    {
        var picker = _scenario.CreatePicker();
        for (var sequence = 0L; !cancellationToken.IsCancellationRequested; sequence++)
        {
            var startTimestamp = Stopwatch.GetTimestamp();
            if (startTimestamp >= _measureEndTimestamp)
                return;
            if (startTimestamp >= _hardEndTimestamp)
            {
                ledger.StoppedAtTimeLimit = true;
                return;
            }

            var measured = startTimestamp >= _measureStartTimestamp;
            if (measured && _options.MeasuredOperations is { } limit && Interlocked.Increment(ref _measuredOperationsStarted) > limit)
                return;
            var keyIndex = picker.Next(random);
            var reservationId = string.Create(CultureInfo.InvariantCulture, $"{_scenario.Name}-{caller}-{sequence}");
            bool granted;
            try
            {
                granted = await OperateAsync(keyIndex, reservationId, ledger, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                ledger.Failure = exception;
                return;
            }

            var endTimestamp = Stopwatch.GetTimestamp();
            if (measured)
            {
                ledger.LatencyMicroseconds.RecordValue(
                    Math.Min(TicksToMicroseconds(endTimestamp - startTimestamp), ledger.LatencyMicroseconds.HighestTrackableValue));
                ledger.MeasuredOperations++;
                ledger.LastMeasuredCompletionTimestamp = endTimestamp;
            }

            if (!granted && _scenario.Workload == ScenarioWorkload.SellOut)
            {
                ledger.EndedOutOfStock = true;
                return;
            }
        }
    }

    /// <summary>One operation of the workload; returns whether the reservation was granted and books every answer.</summary>
    private async ValueTask<bool> OperateAsync(int keyIndex, string reservationId, CallerLedger ledger, CancellationToken cancellationToken)
    {
        const int quantity = Scenario.UnitsPerReservation;
        if (!await _target.ReserveAsync(keyIndex, reservationId, quantity, cancellationToken))
        {
            ledger.Rejected++;
            return false;
        }

        ledger.Granted++;
        ledger.ReservedUnits[keyIndex] += quantity;
        switch (_scenario.Workload)
        {
            case ScenarioWorkload.ReserveThenConfirm when await _target.ConfirmAsync(keyIndex, reservationId, quantity, cancellationToken):
                ledger.ConfirmedUnits[keyIndex] += quantity;
                break;
            case ScenarioWorkload.ReserveThenExpire when await _target.ExpireAsync(keyIndex, reservationId, quantity, cancellationToken):
                ledger.ExpiredUnits[keyIndex] += quantity;
                break;
            case ScenarioWorkload.ReserveThenConfirm or ScenarioWorkload.ReserveThenExpire:
                ledger.MissingHolds++;
                break;
        }

        return true;
    }

    private ScenarioResult Summarize(CallerLedger[] ledgers, TargetTotals totals)
    {
        var latency = new LongHistogram(LatencyMicrosecondsMax, CallerLedger.LatencySignificantDigits);
        foreach (var ledger in ledgers)
            latency.Add(ledger.LatencyMicroseconds);
        var measuredOperations = ledgers.Sum(ledger => ledger.MeasuredOperations);
        var lastCompletion = ledgers.Max(ledger => ledger.LastMeasuredCompletionTimestamp);
        var measuredSeconds = measuredOperations == 0 ? 0 : TicksToSeconds(lastCompletion - _measureStartTimestamp);
        var checks = new ScenarioChecks(_scenario, ledgers, totals);
        return new ScenarioResult(
            _scenario.Name,
            _targetName,
            _scenario.OperationName,
            _scenario.Workload,
            measuredOperations,
            measuredSeconds,
            measuredSeconds > 0 ? measuredOperations / measuredSeconds : 0,
            latency.TotalCount > 0 ? latency.GetValueAtPercentile(50) : 0,
            latency.TotalCount > 0 ? latency.GetValueAtPercentile(99) : 0,
            ledgers.Sum(ledger => ledger.Granted),
            ledgers.Sum(ledger => ledger.Rejected),
            checks.Failures(),
            Notes(ledgers));
    }

    private static List<string> Notes(CallerLedger[] ledgers)
    {
        var notes = new List<string>();
        if (ledgers.Any(ledger => ledger.StoppedAtTimeLimit))
            notes.Add($"stopped at the {ReservationBenchmarkOptions.ScenarioTimeLimitSeconds} s scenario limit");
        return notes;
    }

    private static long SecondsToTicks(int seconds) => seconds * Stopwatch.Frequency;

    private static long TicksToMicroseconds(long ticks) => ticks * MicrosecondsPerSecond / Stopwatch.Frequency;

    private static double TicksToSeconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
