using System.Collections.Concurrent;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;

namespace Allocation.Tests.Support;

/// <summary>
/// The in-memory ledger with failure injection: a batch the test's predicate picks fails while being written (as a
/// lost connection would: nothing of it is stored), and staging can be held to pile writes up behind the disk.
/// </summary>
internal sealed class FaultyLedgerStore : ILedgerStore
{
    private readonly InMemoryLedgerStore inner = new();
    private TaskCompletionSource stagingReleased = Released();

    /// <summary>A batch for which this answers true fails whole, stored nowhere.</summary>
    public Func<LedgerBatch, bool>? FailBatch { get; set; }

    /// <summary>Entries for which this answers true are refused, with every entry of their SKU-store in the batch; the rest commits.</summary>
    public Func<LedgerEntry, bool>? RefuseEntry { get; set; }

    private readonly ConcurrentDictionary<RecordOwner, int> recordReads = new();

    /// <summary>How many store reads asked for the owner's records (a grouped read counts once per owner in it).</summary>
    public int RecordReadsOf(RecordOwner owner) => recordReads.GetValueOrDefault(owner);

    public TaskCompletionSource StagingEntered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the next staging until <see cref="ReleaseStaging"/>: writes queue up behind it.</summary>
    public void HoldStaging()
    {
        StagingEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stagingReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseStaging() => stagingReleased.TrySetResult();

    public async Task<IStagedLedgerBatch> StageAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        StagingEntered.TrySetResult();
        await stagingReleased.Task;
        if (FailBatch?.Invoke(batch) == true)
        {
            throw new IOException("injected: the connection to the database was lost while writing the batch");
        }

        if (RefuseEntry is not { } refuse || !batch.Entries.Any(entry => refuse(entry)))
        {
            return await inner.StageAsync(batch, cancellationToken);
        }

        var refused = batch.Entries.Where(entry => refuse(entry)).Select(entry => entry.Key).ToHashSet();
        var kept = batch with { Entries = [.. batch.Entries.Where(entry => !refused.Contains(entry.Key))] };
        return new RefusingBatch(await inner.StageAsync(kept, cancellationToken), new BatchRejections(refused, new HashSet<RecordKey>()));
    }

    public Task<IReadOnlyList<LedgerEntry>> NewestEntriesAsync(string tenantId, string sku, CancellationToken cancellationToken) =>
        inner.NewestEntriesAsync(tenantId, sku, cancellationToken);

    public Task<IReadOnlyList<ListedOwner>> PageRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, RecordCursor? after, int limit, CancellationToken cancellationToken) =>
        inner.PageRecordOwnersAsync(kind, status, updatedBefore, after, limit, cancellationToken);

    public Task<PrunedPage> PruneRecordsAsync(RecordPruning pruning, CancellationToken cancellationToken) =>
        inner.PruneRecordsAsync(pruning, cancellationToken);

    public Task<int> PruneEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken) =>
        inner.PruneEventsAsync(occurredBefore, limit, cancellationToken);

    public Task<long> NewestEventSequenceAsync(string tenantId, CancellationToken cancellationToken) =>
        inner.NewestEventSequenceAsync(tenantId, cancellationToken);

    public Task<LedgerEntry?> FindDocumentAsync(StockKey key, string documentId, CancellationToken cancellationToken) =>
        inner.FindDocumentAsync(key, documentId, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken) =>
        inner.ReadAsync(key, afterSequence, limit, cancellationToken);

    public Task<IReadOnlyDictionary<RecordOwner, List<StoredRecord>>> ReadRecordsAsync(IReadOnlyCollection<RecordOwner> owners, CancellationToken cancellationToken)
    {
        foreach (var owner in owners)
        {
            recordReads.AddOrUpdate(owner, 1, (_, reads) => reads + 1);
        }

        return inner.ReadRecordsAsync(owners, cancellationToken);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken) =>
        inner.ReadEventsAsync(tenantId, afterSequence, limit, cancellationToken);

    public Task<IReadOnlyList<RecordOwner>> ListRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        inner.ListRecordOwnersAsync(kind, status, updatedBefore, limit, cancellationToken);

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    /// <summary>What PostgreSQL's isolation does: the refused SKU-stores are left out, the rest commits.</summary>
    private sealed class RefusingBatch(IStagedLedgerBatch kept, BatchRejections rejections) : IStagedLedgerBatch
    {
        public async Task<BatchRejections> CommitAsync(CancellationToken cancellationToken)
        {
            await kept.CommitAsync(cancellationToken);
            return rejections;
        }

        public ValueTask DisposeAsync() => kept.DisposeAsync();
    }
}
