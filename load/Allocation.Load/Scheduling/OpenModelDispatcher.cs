namespace Allocation.Load.Scheduling;

/// <summary>
/// Starts a scenario's iterations when its rate curve says they are due, whatever the service is doing: an iteration
/// is started without waiting for earlier ones (open model). DispatchDue is the whole decision and takes the time as
/// an argument, so tests drive it with a fake clock; RunAsync only sleeps until the next arrival.
/// </summary>
public sealed class OpenModelDispatcher(string scenario, RateCurve curve, Func<Arrival, Task> iteration, RunClock clock)
{
    /// <summary>Below this, sleeping costs more precision than it saves CPU: dispatch now.</summary>
    private static readonly TimeSpan SleepMin = TimeSpan.FromMilliseconds(1);

    /// <summary>Finished iterations are dropped from the drain list past this many, so a long run does not keep them all.</summary>
    private const int PruneThreshold = 1_024;

    private readonly List<Task> running = [];
    private long nextIndex;

    public string Scenario => scenario;

    public RateCurve Curve => curve;

    /// <summary>Iterations started so far.</summary>
    public long Dispatched => Interlocked.Read(ref nextIndex);

    /// <summary>Starts every iteration due at or before <paramref name="elapsed"/>; returns how many it started.</summary>
    public int DispatchDue(TimeSpan elapsed)
    {
        var started = 0;
        while (curve.TimeOfArrival(nextIndex) is { } dueSeconds && dueSeconds <= elapsed.TotalSeconds)
        {
            var arrival = new Arrival(scenario, nextIndex, TimeSpan.FromSeconds(dueSeconds), IsOpenModel: true);
            lock (running)
            {
                running.Add(iteration(arrival));
            }

            Interlocked.Increment(ref nextIndex);
            started++;
        }

        return started;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && curve.TimeOfArrival(nextIndex) is { } dueSeconds)
        {
            var wait = TimeSpan.FromSeconds(dueSeconds) - clock.Elapsed;
            if (wait > SleepMin)
            {
                try
                {
                    await Task.Delay(wait, clock.Time, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            DispatchDue(clock.Elapsed);
            PruneFinished();
        }
    }

    /// <summary>Waits for every started iteration to finish.</summary>
    public Task DrainAsync()
    {
        lock (running)
        {
            return Task.WhenAll(running.ToArray());
        }
    }

    private void PruneFinished()
    {
        lock (running)
        {
            if (running.Count > PruneThreshold)
            {
                running.RemoveAll(task => task.IsCompleted);
            }
        }
    }
}
