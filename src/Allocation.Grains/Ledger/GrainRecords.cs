using Allocation.Contracts;
using Allocation.Grains.Common;
using Orleans.Serialization;

namespace Allocation.Grains.Ledger;

/// <summary>
/// Grains' own durable records, written through the ledger's group commit (no transaction of their own) and read
/// through the group reader. Values are stored in Orleans' binary format, version-tolerant through the [Id]s and
/// aliases of their types. A write answers only once durable; a refused or failed one throws
/// <see cref="LedgerWriteFailedException"/>, and the caller must drop its in-memory state (reload) before serving again.
/// </summary>
internal sealed class GrainRecords(LedgerWriter writer, RecordReader reader, ILedgerStore store, Serializer serializer, AllocationClock clock)
{
    public async Task<List<(string ItemKey, T Value)>> ReadAsync<T>(RecordOwner owner)
    {
        var stored = await reader.ReadAsync(owner);
        return stored.Select(record => (record.ItemKey, serializer.Deserialize<T>(record.Payload) ?? throw new InvalidOperationException($"{owner.Kind} record {owner.OwnerKey} {record.ItemKey} reads as null"))).ToList();
    }

    public Task WriteAsync<T>(RecordKey key, T value, string? status) =>
        DurableAsync(key, writer.Append(new RecordWrite(key, serializer.SerializeToArray(value), status, clock.UtcNow.ToUnixTimeMilliseconds())));

    /// <summary>Writes a record with outbox events in the same transaction: the events exist exactly when the write is durable.</summary>
    public Task WriteAsync<T>(RecordKey key, T value, string? status, IReadOnlyList<OutboxEvent> events) =>
        DurableAsync(key, writer.Append(new RecordWrite(key, serializer.SerializeToArray(value), status, clock.UtcNow.ToUnixTimeMilliseconds(), events)));

    /// <summary>A record's new value, to be written with others in one batch by <see cref="WriteAllAsync"/>.</summary>
    public RecordWrite Write<T>(RecordKey key, T value, string? status) =>
        new(key, serializer.SerializeToArray(value), status, clock.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>Writes records in one batch (one transaction): each is durable exactly when all are. Refused or failed: throws.</summary>
    public async Task WriteAllAsync(IReadOnlyList<RecordWrite> writes)
    {
        var rejections = await writer.Append(writes);
        foreach (var write in writes)
        {
            if (rejections.Rejects(write.Key))
            {
                throw new LedgerWriteFailedException($"the store refused the record {write.Key.Owner.Kind} {write.Key.Owner.OwnerKey} {write.Key.ItemKey}; nothing was stored");
            }
        }
    }

    /// <summary>
    /// A claim of <paramref name="key"/>: stored only if no record has the key yet. Appended by its caller beside its
    /// own ledger entry (<see cref="LedgerWriter.Append(in LedgerEntry, in RecordWrite, long)"/>); the batch answers
    /// whether it was lost.
    /// </summary>
    public RecordWrite Claim<T>(RecordKey key, T value, string status) =>
        new(key, serializer.SerializeToArray(value), status, clock.UtcNow.ToUnixTimeMilliseconds(), IsClaim: true);

    /// <summary>Stores a claim; answers false when a record had the key (nothing stored). Refused or failed: throws, as a write.</summary>
    public async Task<bool> ClaimAsync<T>(RecordKey key, T value, string status)
    {
        var claim = Claim(key, value, status);
        var rejections = await writer.Append(claim);
        if (rejections.Rejects(key))
        {
            throw new LedgerWriteFailedException($"the store refused the record {key.Owner.Kind} {key.Owner.OwnerKey} {key.ItemKey}; nothing was stored");
        }

        return !rejections.LostClaim(claim);
    }

    public Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken) =>
        store.ReadEventsAsync(tenantId, afterSequence, limit, cancellationToken);

    /// <summary>The sequence of a tenant's newest event a cursor may move past (0 when none).</summary>
    public Task<long> NewestEventSequenceAsync(string tenantId, CancellationToken cancellationToken) =>
        store.NewestEventSequenceAsync(tenantId, cancellationToken);

    public Task RemoveAsync(RecordKey key) =>
        DurableAsync(key, writer.Append(new RecordWrite(key, null, null, clock.UtcNow.ToUnixTimeMilliseconds())));

    /// <summary>Owners with a record of <paramref name="status"/> written before <paramref name="updatedBefore"/> (work cut off half-way).</summary>
    public Task<IReadOnlyList<RecordOwner>> ListAsync(string kind, string status, DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        store.ListRecordOwnersAsync(kind, status, updatedBefore, limit, cancellationToken);

    /// <summary>
    /// Every owner with a record of <paramref name="status"/> written before <paramref name="updatedBefore"/>, oldest
    /// first, read a page of <paramref name="pageSize"/> at a time with a cursor: a sweep reaches every such owner, and
    /// one it cannot finish never keeps it from the others.
    /// </summary>
    public async IAsyncEnumerable<RecordOwner> EachAsync(string kind, string status, DateTimeOffset updatedBefore, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RecordCursor? after = null;
        while (true)
        {
            var page = await store.PageRecordOwnersAsync(kind, status, updatedBefore, after, pageSize, cancellationToken);
            foreach (var listed in page)
            {
                yield return listed.Owner;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Position;
        }
    }

    private static async Task DurableAsync(RecordKey key, Task<BatchRejections> append)
    {
        var rejections = await append;
        if (rejections.Rejects(key))
        {
            throw new LedgerWriteFailedException($"the store refused the record {key.Owner.Kind} {key.Owner.OwnerKey} {key.ItemKey}; nothing was stored");
        }
    }
}
