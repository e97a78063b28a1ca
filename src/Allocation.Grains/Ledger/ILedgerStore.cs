using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>Where ledger entries and grain records become durable. A batch is written inside a transaction and committed separately.</summary>
internal interface ILedgerStore
{
    /// <summary>
    /// Writes a batch without committing it, so the next batch can be written while an earlier one commits.
    /// Disposing the returned handle without committing rolls the batch back.
    /// </summary>
    Task<IStagedLedgerBatch> StageAsync(LedgerBatch batch, CancellationToken cancellationToken);

    /// <summary>Entries of one SKU-store after a sequence, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The newest entry of every SKU-store of one SKU, in one round trip: what an availability index starts from
    /// without activating every store's stock grain.
    /// </summary>
    Task<IReadOnlyList<LedgerEntry>> NewestEntriesAsync(string tenantId, string sku, CancellationToken cancellationToken);

    /// <summary>The records of many owners in one round trip; an owner with none is absent from the answer.</summary>
    Task<IReadOnlyDictionary<RecordOwner, List<StoredRecord>>> ReadRecordsAsync(IReadOnlyCollection<RecordOwner> owners, CancellationToken cancellationToken);

    /// <summary>
    /// A tenant's outbox events after <paramref name="afterSequence"/>, in feed order, at most <paramref name="limit"/>;
    /// only events no still-running transaction can precede, so a cursor never skips one that commits later.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The first entry of one SKU-store that applied movement document <paramref name="documentId"/>, or null when none
    /// did: how a stock grain recognises a repeat of a document it has stopped remembering.
    /// </summary>
    Task<LedgerEntry?> FindDocumentAsync(StockKey key, string documentId, CancellationToken cancellationToken);

    /// <summary>Owners of records of one kind with <paramref name="status"/>, written before <paramref name="updatedBefore"/>.</summary>
    Task<IReadOnlyList<RecordOwner>> ListRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="ListRecordOwnersAsync"/>, in (updated at, owner) order after <paramref name="after"/> (from the
    /// start when null): sweeps page through every such owner instead of taking the oldest again and again.
    /// </summary>
    Task<IReadOnlyList<ListedOwner>> PageRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, RecordCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>One page of a retention walk over grain records (see <see cref="RecordPruning"/>).</summary>
    Task<PrunedPage> PruneRecordsAsync(RecordPruning pruning, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes, of the <paramref name="limit"/> oldest outbox events (all tenants, feed order), those that occurred before
    /// <paramref name="occurredBefore"/>; returns how many. The oldest page only: the walk costs what is old, not the feed.
    /// </summary>
    Task<int> PruneEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken);

    /// <summary>The sequence of a tenant's newest event a cursor may move past (0 when none): where a new webhook starts.</summary>
    Task<long> NewestEventSequenceAsync(string tenantId, CancellationToken cancellationToken);
}

/// <summary>A written, not yet committed, batch.</summary>
internal interface IStagedLedgerBatch : IAsyncDisposable
{
    /// <summary>Commits; answers what the store refused of the batch (the rest is durable).</summary>
    Task<BatchRejections> CommitAsync(CancellationToken cancellationToken);
}
