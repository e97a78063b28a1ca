using Allocation.Contracts;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Ledger;

/// <summary>
/// Group commit for the stock ledger, one per silo. Grains decide within one turn, append their entry here and await
/// the returned task; whatever accumulates meanwhile goes out as the next batch, in one statement and one commit.
/// Two batches are in flight at most: the next one is written (uncommitted) while the previous one commits, and
/// commits happen strictly in order, so an entry is durable only after every entry appended before it.
/// When a batch fails, the epoch moves on and everything queued under that epoch fails with it (a later batch of the
/// same epoch rolls back): a grain that appended under the old epoch may hold state built on the lost entries, so
/// its later appends are refused until it reloads from the durable ledger.
/// </summary>
internal sealed class LedgerWriter : IAsyncDisposable
{
    private const int BatchesInFlightMax = 2;

    private readonly ILedgerStore store;
    private readonly ILogger<LedgerWriter> logger;
    private readonly int pendingEntriesMax;
    private readonly Lock gate = new();
    private readonly Channel<bool> doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Task loop;
    private List<LedgerEntry> open = [];
    private TaskCompletionSource openCompletion = NewCompletion();
    private long epoch = 1;
    private bool disposed;

    public LedgerWriter(ILedgerStore store, IOptions<LedgerWriterOptions> options, ILogger<LedgerWriter> logger)
    {
        this.store = store;
        this.logger = logger;
        pendingEntriesMax = options.Value.PendingEntriesMax;
        loop = Task.Run(RunAsync);
    }

    public long Epoch
    {
        get
        {
            lock (gate)
            {
                return epoch;
            }
        }
    }

    /// <summary>Queues an entry; the task completes when it is durable, or fails when it will never be.</summary>
    public Task Append(in LedgerEntry entry, long appenderEpoch)
    {
        Task completion;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (appenderEpoch != epoch)
            {
                return Task.FromException(new LedgerWriteFailedException($"ledger epoch {appenderEpoch} ended after a failed write; reload {entry.Key}"));
            }

            if (open.Count >= pendingEntriesMax)
            {
                return Task.FromException(new LedgerWriteFailedException($"ledger overloaded: {open.Count} entries wait for the disk"));
            }

            open.Add(entry);
            completion = openCompletion.Task;
        }

        doorbell.Writer.TryWrite(true);
        return completion;
    }

    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            disposed = true;
        }

        doorbell.Writer.TryComplete();
        await loop;
    }

    private async Task RunAsync()
    {
        var inFlight = new Queue<Task<BatchOutcome>>();
        Task<BatchOutcome> previous = Task.FromResult(new BatchOutcome(0, Committed: true));
        while (await doorbell.Reader.WaitToReadAsync())
        {
            doorbell.Reader.TryRead(out _);
            previous = await StartNextAsync(previous, inFlight);
        }

        previous = await StartNextAsync(previous, inFlight);
        await previous;
    }

    /// <summary>Takes the open batch and writes it; its commit waits for the previous batch's. Returns the commit's task.</summary>
    private async Task<Task<BatchOutcome>> StartNextAsync(Task<BatchOutcome> previous, Queue<Task<BatchOutcome>> inFlight)
    {
        while (inFlight.Count >= BatchesInFlightMax)
        {
            await inFlight.Dequeue();
        }

        List<LedgerEntry> batch;
        TaskCompletionSource completion;
        long batchEpoch;
        lock (gate)
        {
            if (open.Count == 0)
            {
                return previous;
            }

            (batch, open) = (open, []);
            (completion, openCompletion) = (openCompletion, NewCompletion());
            batchEpoch = epoch;
        }

        IStagedLedgerBatch staged;
        try
        {
            staged = await store.StageAsync(batch, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Fail(batchEpoch, batch.Count, exception, completion);
            return Task.FromResult(new BatchOutcome(batchEpoch, Committed: false));
        }

        var commit = CommitInOrderAsync(staged, batch.Count, batchEpoch, completion, previous);
        inFlight.Enqueue(commit);
        return commit;
    }

    private async Task<BatchOutcome> CommitInOrderAsync(IStagedLedgerBatch staged, int count, long batchEpoch, TaskCompletionSource completion, Task<BatchOutcome> previous)
    {
        await using (staged)
        {
            var before = await previous;
            if (!before.Committed && before.Epoch == batchEpoch)
            {
                // Entries of this batch may build on the lost ones: roll back (dispose without commit).
                Fail(batchEpoch, count, new LedgerWriteFailedException("an earlier ledger batch of the same epoch failed"), completion);
                return new BatchOutcome(batchEpoch, Committed: false);
            }

            try
            {
                await staged.CommitAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                Fail(batchEpoch, count, exception, completion);
                return new BatchOutcome(batchEpoch, Committed: false);
            }
        }

        completion.SetResult();
        return new BatchOutcome(batchEpoch, Committed: true);
    }

    private void Fail(long batchEpoch, int count, Exception cause, TaskCompletionSource completion)
    {
        TaskCompletionSource? queued = null;
        lock (gate)
        {
            if (epoch == batchEpoch)
            {
                epoch++;
                open.Clear();
                queued = openCompletion;
                openCompletion = NewCompletion();
            }
        }

        logger.LogError(cause, "Ledger batch of {Count} entries failed; epoch {Epoch} ends", count, batchEpoch);
        completion.SetException(new LedgerWriteFailedException("ledger batch failed", cause));
        queued?.SetException(new LedgerWriteFailedException("an earlier ledger batch failed", cause));
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly record struct BatchOutcome(long Epoch, bool Committed);
}
