using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The ledger and records of the in-memory mode and of tests: same contract, nothing survives the process. Like the
/// PostgreSQL ledger it refuses an SKU-store's entries that repeat or skip a sequence (only that SKU-store's).
/// </summary>
internal sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<StockKey, List<LedgerEntry>> entriesByKey = [];
    private readonly Dictionary<RecordOwner, Dictionary<string, (RecordWrite Write, long Order)>> recordsByOwner = [];
    private readonly List<StoredEvent> events = [];
    private readonly HashSet<(string TenantId, string EventId)> eventIds = [];
    private long writes;
    private long eventSequence;

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<StoredEvent> found = events.Where(stored => stored.Sequence > afterSequence && stored.Event.TenantId == tenantId).Take(limit).ToList();
            return Task.FromResult(found);
        }
    }

    public Task<IStagedLedgerBatch> StageAsync(LedgerBatch batch, CancellationToken cancellationToken) =>
        Task.FromResult<IStagedLedgerBatch>(new StagedBatch(this, batch));

    public Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<LedgerEntry> found = entriesByKey.TryGetValue(key, out var list)
                ? list.Where(entry => entry.Sequence > afterSequence).Take(limit).ToList()
                : [];
            return Task.FromResult(found);
        }
    }

    public Task<LedgerEntry?> FindDocumentAsync(StockKey key, string documentId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var found = entriesByKey.TryGetValue(key, out var list)
                ? list.FirstOrDefault(entry => entry.ReferenceId == documentId && DocumentKinds.IsDocument(entry.Kind))
                : default;
            return Task.FromResult<LedgerEntry?>(found.Sequence > 0 ? found : null);
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> NewestEntriesAsync(string tenantId, string sku, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<LedgerEntry> found = entriesByKey
                .Where(pair => pair.Key.TenantId == tenantId && pair.Key.Sku == sku && pair.Value.Count > 0)
                .Select(pair => pair.Value[^1]).ToList();
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyDictionary<RecordOwner, List<StoredRecord>>> ReadRecordsAsync(IReadOnlyCollection<RecordOwner> owners, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyDictionary<RecordOwner, List<StoredRecord>> found = owners.Distinct()
                .Where(recordsByOwner.ContainsKey)
                .ToDictionary(owner => owner, owner => recordsByOwner[owner].Select(pair => new StoredRecord(pair.Key, pair.Value.Write.Payload!, pair.Value.Write.Status)).ToList());
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<RecordOwner>> ListRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken)
    {
        var before = updatedBefore.ToUnixTimeMilliseconds();
        lock (gate)
        {
            IReadOnlyList<RecordOwner> found = recordsByOwner
                .Where(pair => pair.Key.Kind == kind)
                .Select(pair => (pair.Key, Matching: pair.Value.Values.Where(item => item.Write.Status == status && item.Write.UpdatedAtUnixMilliseconds < before).ToList()))
                .Where(owner => owner.Matching.Count > 0)
                .OrderBy(owner => owner.Matching.Min(item => item.Write.UpdatedAtUnixMilliseconds))
                .Take(limit)
                .Select(owner => owner.Key)
                .ToList();
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<ListedOwner>> PageRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, RecordCursor? after, int limit, CancellationToken cancellationToken)
    {
        var before = updatedBefore.ToUnixTimeMilliseconds();
        lock (gate)
        {
            IReadOnlyList<ListedOwner> found = recordsByOwner
                .Where(pair => pair.Key.Kind == kind)
                .SelectMany(pair => pair.Value.Values.Where(item => item.Write.Status == status && item.Write.UpdatedAtUnixMilliseconds < before)
                    .Select(item => new ListedOwner(pair.Key, new RecordCursor(item.Write.UpdatedAtUnixMilliseconds, pair.Key.OwnerKey))))
                .Where(listed => after is not { } cursor || IsAfter(listed.Position, cursor))
                .OrderBy(listed => listed.Position.UpdatedAtUnixMilliseconds).ThenBy(listed => listed.Position.OwnerKey, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            return Task.FromResult(found);
        }
    }

    public Task<PrunedPage> PruneRecordsAsync(RecordPruning pruning, CancellationToken cancellationToken)
    {
        var before = pruning.UpdatedBefore.ToUnixTimeMilliseconds();
        lock (gate)
        {
            var page = recordsByOwner.Where(pair => pair.Key.Kind == pruning.Kind)
                .SelectMany(pair => pair.Value.Select(item => (Owner: pair.Key, ItemKey: item.Key, item.Value.Write)))
                .Where(row => KeyOrder(row.Owner.OwnerKey, row.ItemKey, pruning.AfterOwnerKey, pruning.AfterItemKey) > 0)
                .OrderBy(row => row.Owner.OwnerKey, StringComparer.Ordinal).ThenBy(row => row.ItemKey, StringComparer.Ordinal)
                .Take(pruning.Limit)
                .ToList();
            var due = page.Where(row => row.Write.UpdatedAtUnixMilliseconds < before && (pruning.Statuses is null || pruning.Statuses.Contains(row.Write.Status ?? ""))).ToList();
            foreach (var row in due)
            {
                recordsByOwner[row.Owner].Remove(row.ItemKey);
                if (pruning.CompanionKind is { } companion)
                {
                    recordsByOwner.Remove(new RecordOwner(companion, row.Owner.OwnerKey));
                }
            }

            var next = page.Count < pruning.Limit ? ((string, string)?)null : (page[^1].Owner.OwnerKey, page[^1].ItemKey);
            return Task.FromResult(new PrunedPage(due.Count, page.Count, next));
        }
    }

    public Task<int> PruneEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken)
    {
        var before = occurredBefore.ToUnixTimeMilliseconds();
        lock (gate)
        {
            var due = events.Take(limit).Where(stored => stored.Event.OccurredAtUnixMilliseconds < before).ToList();
            events.RemoveAll(due.Contains);
            return Task.FromResult(due.Count);
        }
    }

    public Task<long> NewestEventSequenceAsync(string tenantId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(events.LastOrDefault(stored => stored.Event.TenantId == tenantId)?.Sequence ?? 0);
        }
    }

    private static bool IsAfter(RecordCursor position, RecordCursor cursor) =>
        position.UpdatedAtUnixMilliseconds > cursor.UpdatedAtUnixMilliseconds
        || (position.UpdatedAtUnixMilliseconds == cursor.UpdatedAtUnixMilliseconds && string.CompareOrdinal(position.OwnerKey, cursor.OwnerKey) > 0);

    private static int KeyOrder(string ownerKey, string itemKey, string afterOwnerKey, string afterItemKey)
    {
        var byOwner = string.CompareOrdinal(ownerKey, afterOwnerKey);
        return byOwner != 0 ? byOwner : string.CompareOrdinal(itemKey, afterItemKey);
    }

    private BatchRejections Commit(LedgerBatch batch)
    {
        lock (gate)
        {
            var refused = RefusedKeys(batch.Entries);
            foreach (var entry in batch.Entries.Where(entry => !refused.Contains(entry.Key)))
            {
                if (!entriesByKey.TryGetValue(entry.Key, out var list))
                {
                    entriesByKey[entry.Key] = list = [];
                }

                list.Add(entry);
            }

            var lost = BatchRejections.NewClaimSet();
            foreach (var record in batch.Records)
            {
                if (record.IsClaim && recordsByOwner.TryGetValue(record.Key.Owner, out var items) && items.ContainsKey(record.Key.ItemKey))
                {
                    // Like the table's INSERT ... ON CONFLICT DO NOTHING: the first record of a key stays.
                    lost.Add(record.Payload!);
                    continue;
                }

                Store(record);
            }

            var rejections = refused.Count == 0 ? BatchRejections.None : new BatchRejections(refused, new HashSet<RecordKey>());
            return rejections.WithLostClaims(lost);
        }
    }

    private void Store(in RecordWrite record)
    {
        if (!recordsByOwner.TryGetValue(record.Key.Owner, out var items))
        {
            recordsByOwner[record.Key.Owner] = items = new Dictionary<string, (RecordWrite, long)>(StringComparer.Ordinal);
        }

        foreach (var outboxEvent in record.EventsOrNone)
        {
            // Like the table's unique event id: a rewrite carrying an event already stored adds nothing.
            if (eventIds.Add((outboxEvent.TenantId, outboxEvent.EventId)))
            {
                events.Add(new StoredEvent(++eventSequence, outboxEvent));
            }
        }

        if (record.IsRemoval)
        {
            items.Remove(record.Key.ItemKey);
        }
        else
        {
            items[record.Key.ItemKey] = (record, ++writes);
        }
    }

    /// <summary>SKU-stores whose entries in the batch do not continue their ledger exactly (a repeated or skipped sequence).</summary>
    private HashSet<StockKey> RefusedKeys(IReadOnlyList<LedgerEntry> entries)
    {
        var next = new Dictionary<StockKey, long>();
        var refused = new HashSet<StockKey>();
        foreach (var entry in entries)
        {
            if (!next.TryGetValue(entry.Key, out var expected))
            {
                expected = entriesByKey.TryGetValue(entry.Key, out var list) && list.Count > 0 ? list[^1].Sequence + 1 : 1;
            }

            if (entry.Sequence != expected)
            {
                refused.Add(entry.Key);
            }

            next[entry.Key] = expected + 1;
        }

        return refused;
    }

    /// <summary>Staging only keeps the batch; the checks and the writes happen at commit, in commit order.</summary>
    private sealed class StagedBatch(InMemoryLedgerStore store, LedgerBatch batch) : IStagedLedgerBatch
    {
        public Task<BatchRejections> CommitAsync(CancellationToken cancellationToken) => Task.FromResult(store.Commit(batch));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
