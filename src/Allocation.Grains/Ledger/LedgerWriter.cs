using Allocation.Contracts;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Ledger;

/// <summary>
/// Group commit for every durable write of the silo: stock ledger entries and grain records (reservations, pick
/// bookings). Grains decide within one turn, append here and await the returned task; whatever accumulates meanwhile
/// goes out as the next batch, in one transaction and one disk sync. Two batches are in flight at most: the next one is
/// written (uncommitted) while the previous one commits, and commits happen strictly in order, so a write is durable
/// only after every write appended before it.
/// The task answers what the store refused of the batch (bad data, an entry that does not continue its SKU-store):
/// only those callers fail. When a whole batch fails, the epoch moves on and everything queued under that epoch fails
/// with it (a later batch of the same epoch rolls back): a grain that appended under the old epoch may hold state
/// built on the lost entries, so its later appends are refused until it reloads from the durable ledger.
/// </summary>
internal sealed class LedgerWriter : IAsyncDisposable
{
    private const int BatchesInFlightMax = 2;

    private readonly ILedgerStore store;
    private readonly ILogger<LedgerWriter> logger;
    private readonly int pendingWritesMax;
    private readonly Lock gate = new();
    private readonly Channel<bool> doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Task loop;
    private List<LedgerEntry> openEntries = [];
    private List<RecordWrite> openRecords = [];
    private TaskCompletionSource<BatchRejections> openCompletion = NewCompletion();
    private long epoch = 1;
    private bool disposed;
    private long lastCommitTimestamp;
    private long lastFailureTimestamp;

    public LedgerWriter(ILedgerStore store, IOptions<LedgerWriterOptions> options, ILogger<LedgerWriter> logger)
    {
        this.store = store;
        this.logger = logger;
        pendingWritesMax = options.Value.PendingEntriesMax;
        loop = Task.Run(RunAsync);
    }

    /// <summary>True while the newest batch outcome is a failure: nothing has committed since the last failed batch.</summary>
    public bool IsFailing => Interlocked.Read(ref lastFailureTimestamp) > Interlocked.Read(ref lastCommitTimestamp);

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

    /// <summary>
    /// Queues an entry; the task completes when its batch is durable (check <see cref="BatchRejections.Rejects(Contracts.Stock.StockKey)"/>),
    /// or fails when it will never be. A refusal for overload fails at once: nothing was queued.
    /// </summary>
    public Task<BatchRejections> Append(in LedgerEntry entry, long appenderEpoch) => Queue(entry, [], appenderEpoch);

    /// <summary>
    /// Queues an entry and a record together: they go out in the same batch (one transaction), so neither is durable
    /// without the other. Refused as a whole like an entry (an ended epoch, overload).
    /// </summary>
    public Task<BatchRejections> Append(in LedgerEntry entry, in RecordWrite record, long appenderEpoch) => Queue(entry, [record], appenderEpoch);

    /// <summary>Queues a record's new value; the task completes when its batch is durable, as for an entry.</summary>
    public Task<BatchRejections> Append(in RecordWrite record) => Queue(null, [record], appenderEpoch: null);

    /// <summary>Queues records together: they go out in the same batch (one transaction), so each is durable exactly when all are.</summary>
    public Task<BatchRejections> Append(IReadOnlyList<RecordWrite> records) => Queue(null, records, appenderEpoch: null);

    /// <summary>
    /// The one way into the open batch: an entry is refused when its appender's epoch ended (it must reload first);
    /// anything is refused at once when the writer is overloaded. What is queued together goes out together.
    /// </summary>
    private Task<BatchRejections> Queue(LedgerEntry? entry, IReadOnlyList<RecordWrite> records, long? appenderEpoch)
    {
        Task<BatchRejections> completion;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (entry is { } ended && appenderEpoch != epoch)
            {
                return Task.FromException<BatchRejections>(new LedgerWriteFailedException($"ledger epoch {appenderEpoch} ended after a failed write; reload {ended.Key}"));
            }

            if (Refusal() is { } overload)
            {
                return overload;
            }

            if (entry is { } queued)
            {
                openEntries.Add(queued);
            }

            openRecords.AddRange(records);
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

    /// <summary>Back-pressure: with this many writes waiting for the disk, new ones are turned away. Call under the gate.</summary>
    private Task<BatchRejections>? Refusal() =>
        openEntries.Count + openRecords.Count >= pendingWritesMax
            ? Task.FromException<BatchRejections>(new LedgerWriteFailedException($"ledger overloaded: {openEntries.Count + openRecords.Count} writes wait for the disk"))
            : null;

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

        LedgerBatch batch;
        TaskCompletionSource<BatchRejections> completion;
        long batchEpoch;
        var takenAtTimestamp = TimeProvider.System.GetTimestamp();
        lock (gate)
        {
            if (openEntries.Count + openRecords.Count == 0)
            {
                return previous;
            }

            batch = new LedgerBatch(openEntries, openRecords);
            (openEntries, openRecords) = ([], []);
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
            Fail(batchEpoch, batch.Count, exception, outcomeUnknown: false, completion);
            return Task.FromResult(new BatchOutcome(batchEpoch, Committed: false));
        }

        var commit = CommitInOrderAsync(staged, batch.Count, batchEpoch, completion, previous, takenAtTimestamp);
        inFlight.Enqueue(commit);
        return commit;
    }

    private async Task<BatchOutcome> CommitInOrderAsync(
        IStagedLedgerBatch staged, int count, long batchEpoch, TaskCompletionSource<BatchRejections> completion, Task<BatchOutcome> previous, long takenAtTimestamp)
    {
        BatchRejections rejections;
        await using (staged)
        {
            var before = await previous;
            if (!before.Committed && before.Epoch == batchEpoch)
            {
                // Entries of this batch may build on the lost ones: roll back (dispose without commit).
                Fail(batchEpoch, count, new LedgerWriteFailedException("an earlier ledger batch of the same epoch failed"), outcomeUnknown: false, completion);
                return new BatchOutcome(batchEpoch, Committed: false);
            }

            try
            {
                rejections = await staged.CommitAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                // The commit may have reached the disk before the failure: nobody can tell without reading back.
                Fail(batchEpoch, count, exception, outcomeUnknown: true, completion);
                return new BatchOutcome(batchEpoch, Committed: false);
            }
        }

        Interlocked.Exchange(ref lastCommitTimestamp, TimeProvider.System.GetTimestamp());
        LedgerMetrics.BatchWrites.Record(count);
        LedgerMetrics.BatchDuration.Record(TimeProvider.System.GetElapsedTime(takenAtTimestamp).TotalMilliseconds);
        if (!rejections.IsEmpty)
        {
            LedgerMetrics.RefusedWrites.Add(rejections.Count);
            logger.LogWarning("Ledger batch of {Count} writes committed without {Rejected} refused SKU-stores or records", count, rejections.Count);
        }

        completion.SetResult(rejections);
        return new BatchOutcome(batchEpoch, Committed: true);
    }

    private void Fail(long batchEpoch, int count, Exception cause, bool outcomeUnknown, TaskCompletionSource<BatchRejections> completion)
    {
        TaskCompletionSource<BatchRejections>? queued = null;
        lock (gate)
        {
            if (epoch == batchEpoch)
            {
                epoch++;
                openEntries.Clear();
                openRecords.Clear();
                queued = openCompletion;
                openCompletion = NewCompletion();
            }
        }

        Interlocked.Exchange(ref lastFailureTimestamp, TimeProvider.System.GetTimestamp());
        LedgerMetrics.FailedBatches.Add(1);
        logger.LogError(cause, "Ledger batch of {Count} writes failed; epoch {Epoch} ends", count, batchEpoch);
        completion.SetException(new LedgerWriteFailedException("ledger batch failed", cause, outcomeUnknown));
        queued?.SetException(new LedgerWriteFailedException("an earlier ledger batch failed", cause, outcomeUnknown: false));
    }

    private static TaskCompletionSource<BatchRejections> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly record struct BatchOutcome(long Epoch, bool Committed);
}
