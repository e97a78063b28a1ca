using Allocation.Load.Metrics;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>
/// Runs one request of a step under the in-flight bound and records it. Latency runs from the intended start: a
/// request that waited for a slot, or retried through an outage, shows that wait. An open-model first request finding
/// no free slot is dropped (counted, never sent); later steps of a started iteration wait for a slot.
/// </summary>
public sealed class StepRunner(MetricsRegistry metrics, InFlightLimiter limiter, RunClock clock)
{
    public RunClock Clock => clock;

    public async Task<ServiceAnswer<T>?> RunAsync<T>(
        string scenario, string step, TimeSpan intendedStart, bool dropWhenBusy, Func<CancellationToken, Task<ServiceAnswer<T>>> call, CancellationToken cancellationToken)
    {
        var statistics = metrics.Step(scenario, step);
        if (dropWhenBusy)
        {
            if (!limiter.TryEnter())
            {
                statistics.RecordDropped();
                return null;
            }
        }
        else
        {
            try
            {
                await limiter.EnterAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        try
        {
            var answer = await call(cancellationToken);
            var latency = clock.Elapsed - intendedStart;
            statistics.Record(answer.Kind, answer.StatusCode, latency, answer.ServiceTime, answer.Attempts);
            return answer;
        }
        finally
        {
            limiter.Exit();
        }
    }
}
