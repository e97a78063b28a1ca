namespace Allocation.Load.Scheduling;

/// <summary>
/// N virtual users, each running one iteration, waiting for it, thinking, and starting the next (closed model, for
/// comparison): the service's speed sets the rate, so latency is measured from the actual start.
/// </summary>
public sealed class ClosedModelRunner(string scenario, int virtualUsers, Func<Random, TimeSpan> thinkTime, Func<Arrival, Task> iteration, RunClock clock, int seed)
{
    private long nextIndex;

    public string Scenario => scenario;

    public long Dispatched => Interlocked.Read(ref nextIndex);

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, virtualUsers).Select(user => RunUserAsync(new Random(seed + user), stop)));

    private async Task RunUserAsync(Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var index = Interlocked.Increment(ref nextIndex) - 1;
            // No context hops (ConfigureAwait(false)): a user goes on on the thread that ended its think time.
            await iteration(new Arrival(scenario, index, clock.Elapsed, IsOpenModel: false)).ConfigureAwait(false);
            try
            {
                await Task.Delay(thinkTime(random), clock.Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
