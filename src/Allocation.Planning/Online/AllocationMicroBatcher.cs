using Allocation.Planning.Model;
using Allocation.Planning.Network;
using System.Threading.Channels;

namespace Allocation.Planning.Online;

/// <summary>
/// Gathers concurrent allocation requests for a few milliseconds and plans them jointly with
/// <see cref="AllocationPlanner.PlanOnline"/>, so orders arriving together compete fairly (most urgent first) for stock
/// and capacity. Batches are planned one at a time; each caller's task completes with its own <see cref="OrderPlan"/>.
/// A request that was accepted is always completed (result, cancellation of that caller, or the snapshot's exception);
/// <see cref="DisposeAsync"/> stops accepting and drains what is queued.
/// </summary>
/// <remarks>
/// The planner is pure: it does not hold stock. The caller holds the allocated units (e.g. in its grains) before its
/// task's continuation returns control, and the <see cref="AvailabilitySource"/> must reflect those holds so the next
/// batch does not plan the same units again.
/// </remarks>
public sealed class AllocationMicroBatcher : IAsyncDisposable
{
    private readonly StoreNetwork network;
    private readonly AvailabilitySource availability;
    private readonly MicroBatchOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Channel<Pending> channel;
    private readonly Task loop;
    private long batchesPlanned;

    /// <summary>Starts the batching loop. Throws <see cref="ArgumentException"/> for invalid options (a configuration bug).</summary>
    public AllocationMicroBatcher(StoreNetwork network, AvailabilitySource availability, MicroBatchOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(availability);
        this.options = options ?? new MicroBatchOptions();
        var errors = this.options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        this.network = network;
        this.availability = availability;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(this.options.QueuedRequestsMax) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        loop = Task.Run(RunAsync);
    }

    /// <summary>Number of batches planned so far (for diagnostics and tests).</summary>
    public long BatchesPlanned => Interlocked.Read(ref batchesPlanned);

    /// <summary>
    /// Queues the order and returns its plan once its micro-batch is planned. Throws <see cref="ObjectDisposedException"/>
    /// after disposal; the task is cancelled if <paramref name="cancellationToken"/> fires first.
    /// </summary>
    public async Task<OrderPlan> AllocateAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var pending = new Pending(order, new TaskCompletionSource<OrderPlan>(TaskCreationOptions.RunContinuationsAsynchronously), timeProvider.GetTimestamp());
        try
        {
            await channel.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new ObjectDisposedException(nameof(AllocationMicroBatcher), exception);
        }

        using (cancellationToken.Register(() => pending.Completion.TrySetCanceled(cancellationToken)))
        {
            return await pending.Completion.Task;
        }
    }

    /// <summary>Stops accepting requests, plans everything already queued, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await loop;
    }

    private async Task RunAsync()
    {
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<Pending>(options.MicroBatchOrdersMax);
            Drain(reader, batch);
            // The window runs from the first order's arrival, not from the end of the previous plan: orders that queued
            // while it was planning have waited already, so gathering overlaps planning.
            // A lone single-line order with nothing else queued has no one to compete with for now: planned at once, not
            // after the window (orders arriving meanwhile queue for the next batch, as they do behind any plan).
            var windowLeft = TimeSpan.FromMilliseconds(options.MicroBatchWindowMilliseconds) - timeProvider.GetElapsedTime(batch[0].QueuedAtTimestamp);
            if (batch.Count < options.MicroBatchOrdersMax && windowLeft > TimeSpan.Zero && !IsLoneSingleLine(batch))
            {
                using var window = new CancellationTokenSource(windowLeft, timeProvider);
                try
                {
                    while (batch.Count < options.MicroBatchOrdersMax && await reader.WaitToReadAsync(window.Token))
                    {
                        Drain(reader, batch);
                    }
                }
                catch (OperationCanceledException) when (window.IsCancellationRequested)
                {
                    // The window closed: plan what has been gathered.
                }
            }

            await PlanAsync(batch);
            Interlocked.Increment(ref batchesPlanned);
        }
    }

    private static bool IsLoneSingleLine(List<Pending> batch) => batch.Count == 1 && batch[0].Order.Lines is { Count: 1 };

    private void Drain(ChannelReader<Pending> reader, List<Pending> batch)
    {
        while (batch.Count < options.MicroBatchOrdersMax && reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    private async Task PlanAsync(List<Pending> batch)
    {
        var live = batch.Where(pending => !pending.Completion.Task.IsCompleted).ToList();
        if (live.Count == 0)
        {
            return;
        }

        try
        {
            var skus = live.SelectMany(pending => pending.Order.Lines ?? []).Where(line => line?.Sku is not null).Select(line => line.Sku).ToHashSet(StringComparer.Ordinal);
            var started = TimeProvider.System.GetTimestamp();
            var snapshot = await availability(skus, CancellationToken.None);
            var planning = TimeProvider.System.GetTimestamp();
            var request = new PlanningRequest(network, snapshot, live.Select(pending => pending.Order).ToList(), timeProvider.GetUtcNow(), options.Limits, options.Costs);
            var plan = AllocationPlanner.PlanOnline(request);
            // Wall time, not the injected clock: a fake clock in tests would report zeros.
            MicroBatchMetrics.BatchOrders.Record(live.Count);
            MicroBatchMetrics.SnapshotDuration.Record(TimeProvider.System.GetElapsedTime(started, planning).TotalMilliseconds);
            MicroBatchMetrics.PlanDuration.Record(TimeProvider.System.GetElapsedTime(planning).TotalMilliseconds);
            for (var index = 0; index < live.Count; index++)
            {
                live[index].Completion.TrySetResult(plan.Orders[index]);
            }
        }
        catch (Exception exception)
        {
            // Any failure (snapshot source or a planner bug) must reach the callers and never stop the loop.
            foreach (var pending in live)
            {
                pending.Completion.TrySetException(exception);
            }
        }
    }

    private sealed record Pending(Order Order, TaskCompletionSource<OrderPlan> Completion, long QueuedAtTimestamp);
}
