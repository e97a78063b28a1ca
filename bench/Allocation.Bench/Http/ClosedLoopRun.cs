using System.Diagnostics;

namespace Allocation.Bench.Http;

/// <summary>
/// The maximum rate: one caller per connection, each sending its next request as soon as the last one is answered,
/// for a warm-up and then a measured window. Requests/s counts the acknowledged requests that started in the window.
/// With a <see cref="HostJitProbe"/>, the methods the host JIT-compiled during the measured window are counted too.
/// </summary>
internal static class ClosedLoopRun
{
    public static async Task<RowResult> RunAsync(
        TargetKind target, HttpClient client, RequestPlanner planner, HttpBenchmarkOptions options, HostJitProbe? jit,
        CancellationToken cancellationToken)
    {
        var recorder = new RowRecorder();
        var startTimestamp = Stopwatch.GetTimestamp();
        var measureStartTimestamp = startTimestamp + (options.WarmupSeconds * Stopwatch.Frequency);
        var measureEndTimestamp = measureStartTimestamp + (options.DurationSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, options.Connections).Select(caller => Task.Run(
            () => RunCallerAsync(client, planner, recorder, new Random(HashCode.Combine(options.Seed, planner.Shape, target, caller)),
                measureStartTimestamp, measureEndTimestamp, cancellationToken),
            CancellationToken.None)).ToList();
        var compiledAtStart = jit is null ? null : await CompiledAtAsync(jit, measureStartTimestamp, cancellationToken);
        await Task.WhenAll(callers);
        var compiledAtEnd = jit is null ? null : await jit.CompiledMethodsAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var measuredSeconds = (double)(recorder.LastMeasuredCompletionTimestamp - measureStartTimestamp) / Stopwatch.Frequency;
        var (p50, p99) = recorder.Percentiles();
        return new RowResult(
            target, planner.Shape, measuredSeconds > 0 ? recorder.Measured / measuredSeconds : 0, null, p50, p99,
            recorder.Errors, recorder.ErrorSamples, recorder.Acknowledged)
        {
            JitCompiledMethods = compiledAtEnd - compiledAtStart,
        };
    }

    private static async Task<long?> CompiledAtAsync(HostJitProbe jit, long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
        return await jit.CompiledMethodsAsync(cancellationToken);
    }

    private static async Task RunCallerAsync(
        HttpClient client, RequestPlanner planner, RowRecorder recorder, Random random, long measureStartTimestamp, long measureEndTimestamp,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var sendTimestamp = Stopwatch.GetTimestamp();
            if (sendTimestamp >= measureEndTimestamp)
                return;
            var answered = await RequestSender.SendAsync(client, planner.Next(random), recorder, cancellationToken);
            if (answered && sendTimestamp >= measureStartTimestamp)
                recorder.RecordLatency(sendTimestamp, Stopwatch.GetTimestamp());
        }
    }
}
