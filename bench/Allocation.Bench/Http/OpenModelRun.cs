using System.Diagnostics;

namespace Allocation.Bench.Http;

/// <summary>
/// A fixed arrival rate, as wrk2 runs it: request i is due at start + i / rate whatever happened to the ones before,
/// and its latency runs from that due time, not from when it got sent. A target that stalls therefore shows the
/// queue it built (no coordinated omission). Requests beyond the connections wait inside the client, on the clock.
/// </summary>
internal static class OpenModelRun
{
    /// <summary>Requests started and not yet answered, at most; past it the dispatcher waits (their due times keep running).</summary>
    private const int InFlightRequestsMax = 20_000;

    /// <summary>How long the dispatcher sleeps when the next request is not yet due; the due time, not this, is what latency counts from.</summary>
    private const int DispatchSleepMilliseconds = 1;

    public static async Task<RowResult> RunAsync(
        TargetKind target, HttpClient client, RequestPlanner planner, double ratePerSecond, HttpBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var recorder = new RowRecorder();
        var random = new Random(HashCode.Combine(options.Seed, planner.Shape, target, ratePerSecond));
        var totalRequests = (long)(ratePerSecond * options.OpenModelSeconds);
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        var inFlight = new List<Task>();
        var inFlightCount = 0L;
        var startTimestamp = Stopwatch.GetTimestamp();
        for (var index = 0L; index < totalRequests && !cancellationToken.IsCancellationRequested; index++)
        {
            var dueTimestamp = startTimestamp + (long)(index * ticksPerRequest);
            while (Stopwatch.GetTimestamp() < dueTimestamp || Interlocked.Read(ref inFlightCount) >= InFlightRequestsMax)
                await Task.Delay(DispatchSleepMilliseconds, cancellationToken);
            Interlocked.Increment(ref inFlightCount);
            inFlight.Add(SendDueAsync(client, planner.Next(random), recorder, dueTimestamp, () => Interlocked.Decrement(ref inFlightCount), cancellationToken));
        }

        await Task.WhenAll(inFlight);
        cancellationToken.ThrowIfCancellationRequested();
        var (p50, p99) = recorder.Percentiles();
        var elapsedSeconds = (double)(recorder.LastMeasuredCompletionTimestamp - startTimestamp) / Stopwatch.Frequency;
        return new RowResult(
            target, planner.Shape, elapsedSeconds > 0 ? recorder.Measured / elapsedSeconds : 0, ratePerSecond, p50, p99,
            recorder.Errors, recorder.ErrorSamples, recorder.Acknowledged);
    }

    private static async Task SendDueAsync(
        HttpClient client, PlannedRequest request, RowRecorder recorder, long dueTimestamp, Action done, CancellationToken cancellationToken)
    {
        try
        {
            // Yield first, so the dispatcher is not held up by the synchronous part of sending.
            await Task.Yield();
            if (await RequestSender.SendAsync(client, request, recorder, cancellationToken))
                recorder.RecordLatency(dueTimestamp, Stopwatch.GetTimestamp());
        }
        finally
        {
            done();
        }
    }
}
