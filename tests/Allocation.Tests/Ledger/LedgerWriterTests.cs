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

        batch.Commit.SetResult();
        await first;
        (await store.NextBatch()).Commit.SetResult();
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
        secondBatch.Commit.SetResult();
        firstBatch.Commit.SetException(new InvalidOperationException("disk gone"));

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => first);
        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => second);
        Assert.Empty(store.Committed);
        Assert.True(secondBatch.RolledBack);
        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => writer.Append(Entry(3), epoch));

        var afterReload = writer.Append(Entry(1), writer.Epoch);
        (await store.NextBatch()).Commit.SetResult();
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
        (await store.NextBatch()).Commit.SetResult();
        (await store.NextBatch()).Commit.SetResult();
        await Task.WhenAll([first, .. queued]);
        Assert.Equal(1_001, store.Committed.Count);
    }

    private static LedgerWriter NewWriter(ILedgerStore store, int pendingEntriesMax = 10_000) =>
        new(store, Options.Create(new LedgerWriterOptions { PendingEntriesMax = pendingEntriesMax }), NullLogger<LedgerWriter>.Instance);

    private LedgerEntry Entry(long sequence) =>
        new(key, sequence, LedgerEntryKind.Receipt, 1, default, new CountSet(1, 0, 0, 0), "doc-" + sequence, null, 0, 0, 0);

    /// <summary>A store whose commits the test completes by hand, to stage failures between two batches in flight.</summary>
    private sealed class GatedStore : ILedgerStore
    {
        private readonly System.Threading.Channels.Channel<Batch> staged = System.Threading.Channels.Channel.CreateUnbounded<Batch>();

        private readonly TaskCompletionSource stagingReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<LedgerEntry> Committed { get; } = [];

        /// <summary>When set, staging waits for <see cref="ReleaseStaging"/>: the writer is held inside a batch.</summary>
        public bool HoldStaging { get; init; }

        public TaskCompletionSource StagingEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseStaging() => stagingReleased.TrySetResult();

        public async Task<Batch> NextBatch() => await staged.Reader.ReadAsync();

        public async Task<IStagedLedgerBatch> StageAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
        {
            StagingEntered.TrySetResult();
            if (HoldStaging)
            {
                await stagingReleased.Task;
            }

            var batch = new Batch(this, entries.ToList());
            staged.Writer.TryWrite(batch);
            return batch;
        }

        public Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LedgerEntry>>(Committed.Where(entry => entry.Sequence > afterSequence).ToList());

        public sealed class Batch(GatedStore store, List<LedgerEntry> entries) : IStagedLedgerBatch
        {
            private bool committed;

            public TaskCompletionSource Commit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public bool RolledBack { get; private set; }

            public async Task CommitAsync(CancellationToken cancellationToken)
            {
                await Commit.Task;
                lock (store.Committed)
                {
                    store.Committed.AddRange(entries);
                }

                committed = true;
            }

            public ValueTask DisposeAsync()
            {
                RolledBack = !committed;
                return ValueTask.CompletedTask;
            }
        }
    }
}
