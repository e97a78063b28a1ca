using System.Threading.Channels;
using Allocation.Grains.Stock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Ledger;

/// <summary>
/// Group commit for the stock ledger, one per silo. Grains decide within one turn, append their entry here and await
/// the returned task; whatever accumulates while one batch is being written goes out as the next batch, in one
/// statement and one disk sync. Batches are written one at a time, in order, so an entry is durable only after every
/// entry appended before it.
/// When a batch fails, the epoch moves on and everything still queued fails with it: a grain that appended under an
/// older epoch may hold state built on the lost entries, so its later appends are refused until it reloads.
/// </summary>
internal sealed class LedgerWriter : IAsyncDisposable
{
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
    private List<LedgerEntry> spare = [];
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
        while (await doorbell.Reader.WaitToReadAsync())
        {
            doorbell.Reader.TryRead(out _);
            await FlushAsync();
        }

        await FlushAsync();
    }

    private async Task FlushAsync()
    {
        List<LedgerEntry> batch;
        TaskCompletionSource completion;
        lock (gate)
        {
            if (open.Count == 0)
            {
                return;
            }

            (batch, open, spare) = (open, spare, open);
            completion = openCompletion;
            openCompletion = NewCompletion();
        }

        try
        {
            await store.AppendAsync(batch, CancellationToken.None);
            completion.SetResult();
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Ledger batch of {Count} entries failed; epoch {Epoch} ends", batch.Count, Epoch);
            FailQueued(exception);
            completion.SetException(new LedgerWriteFailedException("ledger batch failed", exception));
        }
        finally
        {
            batch.Clear();
        }
    }

    private void FailQueued(Exception cause)
    {
        TaskCompletionSource queued;
        lock (gate)
        {
            epoch++;
            open.Clear();
            queued = openCompletion;
            openCompletion = NewCompletion();
        }

        queued.SetException(new LedgerWriteFailedException("an earlier ledger batch failed", cause));
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
