using System.Threading.Channels;

namespace Allocation.Grains.Ledger;

/// <summary>
/// Group reads of grain records, one per silo: activations that start together (a flash sale activates thousands of
/// new reservation grains a second) share one query instead of paying a round trip each. While one query runs, the
/// next gathers.
/// </summary>
internal sealed class RecordReader : IAsyncDisposable
{
    /// <summary>Owners per query: bounds the statement's arrays and the answer.</summary>
    private const int OwnersPerQueryMax = 2_000;

    private readonly ILedgerStore store;
    private readonly Lock gate = new();
    private readonly Channel<bool> doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Task loop;
    private Dictionary<RecordOwner, TaskCompletionSource<List<StoredRecord>>> waiting = [];

    public RecordReader(ILedgerStore store)
    {
        this.store = store;
        loop = Task.Run(RunAsync);
    }

    /// <summary>The owner's stored records (none for an owner never written).</summary>
    public Task<List<StoredRecord>> ReadAsync(RecordOwner owner)
    {
        Task<List<StoredRecord>> answer;
        lock (gate)
        {
            if (!waiting.TryGetValue(owner, out var completion))
            {
                waiting[owner] = completion = new TaskCompletionSource<List<StoredRecord>>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            answer = completion.Task;
        }

        doorbell.Writer.TryWrite(true);
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        doorbell.Writer.TryComplete();
        await loop;
    }

    private async Task RunAsync()
    {
        while (await doorbell.Reader.WaitToReadAsync())
        {
            doorbell.Reader.TryRead(out _);
            Dictionary<RecordOwner, TaskCompletionSource<List<StoredRecord>>> batch;
            lock (gate)
            {
                (batch, waiting) = (waiting, []);
            }

            foreach (var chunk in batch.Chunk(OwnersPerQueryMax))
            {
                await AnswerAsync(chunk);
            }
        }
    }

    private async Task AnswerAsync(KeyValuePair<RecordOwner, TaskCompletionSource<List<StoredRecord>>>[] chunk)
    {
        try
        {
            var found = await store.ReadRecordsAsync(chunk.Select(pair => pair.Key).ToList(), CancellationToken.None);
            foreach (var (owner, completion) in chunk)
            {
                completion.SetResult(found.TryGetValue(owner, out var records) ? records : []);
            }
        }
        catch (Exception exception)
        {
            // The activations fail and are retried by their callers; the reader itself goes on.
            foreach (var (_, completion) in chunk)
            {
                completion.SetException(exception);
            }
        }
    }
}
