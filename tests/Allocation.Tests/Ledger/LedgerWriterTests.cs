using Allocation.Contracts;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;
using Allocation.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Allocation.Tests.Ledger;

public sealed class LedgerWriterTests
{
    private readonly StockKey key = Keys.NewStock();

    [Fact]
    public async Task Append_StoreCommits_CompletesInOrderAndStoresEverything()
    {
        var store = new GatedStore();
        await using var writer = NewWriter(store);

        var first = writer.Append(Entry(1), writer.Epoch);
        var batch = await store.NextBatch();
        var second = writer.Append(Entry(2), writer.Epoch);
        Assert.False(first.IsCompleted);

        batch.Accept();
        await first;
        (await store.NextBatch()).Accept();
        await second;

        Assert.Equal([1L, 2L], store.Committed.Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Append_CommitFails_LaterBatchOfSameEpochRollsBackAndOldEpochIsRefused()
    {
        var store = new GatedStore();
        await using var writer = NewWriter(store);
        var epoch = writer.Epoch;

        var first = writer.Append(Entry(1), epoch);
        var firstBatch = await store.NextBatch();
        var second = writer.Append(Entry(2), epoch);
        var secondBatch = await store.NextBatch();
        secondBatch.Accept();
        firstBatch.Commit.SetException(new InvalidOperationException("disk gone"));

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => first);
        var rolledBack = await Assert.ThrowsAsync<LedgerWriteFailedException>(() => second);
        Assert.False(rolledBack.OutcomeUnknown);
        Assert.Empty(store.Committed);
        Assert.True(secondBatch.RolledBack);
        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => writer.Append(Entry(3), epoch));

        var afterReload = writer.Append(Entry(1), writer.Epoch);
        (await store.NextBatch()).Accept();
        await afterReload;
        Assert.Single(store.Committed);
    }

    [Fact]
    public async Task Append_BeyondPendingLimit_IsRefusedAsOverload()
    {
        var store = new GatedStore { HoldStaging = true };
        await using var writer = NewWriter(store, pendingEntriesMax: 1_000);
        var epoch = writer.Epoch;
        var first = writer.Append(Entry(1), epoch);
        await store.StagingEntered.Task;

        // The writer is held inside staging batch 1, so every further entry waits in the queue.
        var queued = Enumerable.Range(2, 1_000).Select(sequence => writer.Append(Entry(sequence), epoch)).ToList();
        var refused = writer.Append(Entry(1_002), epoch);

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => refused);
        store.ReleaseStaging();
        (await store.NextBatch()).Accept();
        (await store.NextBatch()).Accept();
        await Task.WhenAll([first, .. queued]);
        Assert.Equal(1_001, store.Committed.Count);
    }

    [Fact]
    public async Task Append_StoreRefusesOneSkuStore_OnlyThatAppenderSeesTheRefusal()
    {
        var store = new GatedStore();
        await using var writer = NewWriter(store);
        var other = Keys.NewStock();
        var refused = writer.Append(Entry(1), writer.Epoch);
        var batch = await store.NextBatch();
        var accepted = writer.Append(Entry(other, 1), writer.Epoch);
        var record = writer.Append(Record("r-1"));
        batch.Commit.SetResult(new BatchRejections(new HashSet<StockKey> { key }, new HashSet<RecordKey>()));
        // The two later writes share a batch or not, depending on when the writer woke: accept batches until both are in.
        var later = Task.WhenAll(accepted, record);
        while (!later.IsCompleted)
        {
            var next = store.NextBatch();
            if (await Task.WhenAny(next, later) == next)
            {
                (await next).Accept();
            }
        }

        Assert.True((await refused).Rejects(key));
        Assert.False((await accepted).Rejects(other));
        Assert.False((await record).Rejects(Record("r-1").Key));
        Assert.Equal([other], store.Committed.Select(entry => entry.Key));
        Assert.Single(store.CommittedRecords);
    }

    [Fact]
    public async Task Append_CommitItselfFails_FailureSaysTheOutcomeIsUnknown()
    {
        var store = new GatedStore();
        await using var writer = NewWriter(store);
        var pending = writer.Append(Entry(1), writer.Epoch);
        (await store.NextBatch()).Commit.SetException(new IOException("connection reset during COMMIT"));

        var failure = await Assert.ThrowsAsync<LedgerWriteFailedException>(() => pending);

        Assert.True(failure.OutcomeUnknown);
    }

    private static LedgerWriter NewWriter(ILedgerStore store, int pendingEntriesMax = 10_000) =>
        new(store, Options.Create(new LedgerWriterOptions { PendingEntriesMax = pendingEntriesMax }), NullLogger<LedgerWriter>.Instance);

    private LedgerEntry Entry(long sequence) => Entry(key, sequence);

    private static LedgerEntry Entry(StockKey stockKey, long sequence) =>
        new(stockKey, sequence, LedgerEntryKind.Receipt, 1, default, new CountSet(1, 0, 0, 0), "doc-" + sequence, null, 0, 0, 0);

    private static RecordWrite Record(string owner) =>
        new(new RecordKey(new RecordOwner("reservation", owner), ""), [1, 2, 3], null, 0);

    /// <summary>A store whose commits the test completes by hand, to stage failures between two batches in flight.</summary>
    private sealed class GatedStore : ILedgerStore
    {
        private readonly System.Threading.Channels.Channel<Batch> staged = System.Threading.Channels.Channel.CreateUnbounded<Batch>();

        private readonly TaskCompletionSource stagingReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<LedgerEntry> Committed { get; } = [];

        public List<RecordWrite> CommittedRecords { get; } = [];

        /// <summary>When set, staging waits for <see cref="ReleaseStaging"/>: the writer is held inside a batch.</summary>
        public bool HoldStaging { get; init; }

        public TaskCompletionSource StagingEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseStaging() => stagingReleased.TrySetResult();

        public async Task<Batch> NextBatch() => await staged.Reader.ReadAsync();

        public async Task<IStagedLedgerBatch> StageAsync(LedgerBatch batch, CancellationToken cancellationToken)
        {
            StagingEntered.TrySetResult();
            if (HoldStaging)
            {
                await stagingReleased.Task;
            }

            var staging = new Batch(this, batch);
            staged.Writer.TryWrite(staging);
            return staging;
        }

        public Task<IReadOnlyList<LedgerEntry>> NewestEntriesAsync(string tenantId, string sku, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LedgerEntry>>([]);

        public Task<IReadOnlyList<ListedOwner>> PageRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, RecordCursor? after, int limit, CancellationToken cancellationToken) =>
            new InMemoryLedgerStore().PageRecordOwnersAsync(kind, status, updatedBefore, after, limit, cancellationToken);

        public Task<PrunedPage> PruneRecordsAsync(RecordPruning pruning, CancellationToken cancellationToken) =>
            new InMemoryLedgerStore().PruneRecordsAsync(pruning, cancellationToken);

        public Task<int> PruneEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken) =>
            new InMemoryLedgerStore().PruneEventsAsync(occurredBefore, limit, cancellationToken);

        public Task<long> NewestEventSequenceAsync(string tenantId, CancellationToken cancellationToken) =>
            new InMemoryLedgerStore().NewestEventSequenceAsync(tenantId, cancellationToken);

        public Task<LedgerEntry?> FindDocumentAsync(StockKey key, string documentId, CancellationToken cancellationToken) =>
            Task.FromResult<LedgerEntry?>(null);

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LedgerEntry>>(Committed.Where(entry => entry.Sequence > afterSequence).ToList());

        public Task<IReadOnlyDictionary<RecordOwner, List<StoredRecord>>> ReadRecordsAsync(IReadOnlyCollection<RecordOwner> owners, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the writer never reads");

        public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the writer never reads events");

        public Task<IReadOnlyList<RecordOwner>> ListRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the writer never lists");

        public sealed class Batch(GatedStore store, LedgerBatch batch) : IStagedLedgerBatch
        {
            private bool committed;

            public TaskCompletionSource<BatchRejections> Commit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public LedgerBatch Content => batch;

            public bool RolledBack { get; private set; }

            public void Accept() => Commit.SetResult(BatchRejections.None);

            public async Task<BatchRejections> CommitAsync(CancellationToken cancellationToken)
            {
                var rejections = await Commit.Task;
                lock (store.Committed)
                {
                    store.Committed.AddRange(batch.Entries.Where(entry => !rejections.Rejects(entry.Key)));
                    store.CommittedRecords.AddRange(batch.Records.Where(record => !rejections.Rejects(record.Key)));
                }

                committed = true;
                return rejections;
            }

            public ValueTask DisposeAsync()
            {
                RolledBack = !committed;
                return ValueTask.CompletedTask;
            }
        }
    }
}
