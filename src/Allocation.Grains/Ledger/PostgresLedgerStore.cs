using Allocation.Contracts.Stock;
using Allocation.Grains.Storage;
using Npgsql;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The stock ledger and the grain records in PostgreSQL. A batch is one statement per kind inside a transaction,
/// committed in order by the writer. A batch the database refuses is written again piece by piece, so only the
/// refused SKU-stores and records fail (<see cref="PostgresBatchIsolation"/>).
/// </summary>
internal sealed class PostgresLedgerStore(NpgsqlDataSource dataSource) : ILedgerStore
{
    public async Task<IStagedLedgerBatch> StageAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await PostgresBatchStatements.WriteAsync(connection, batch.Entries, batch.Records, cancellationToken);
                return new StagedBatch(connection, transaction, batch, BatchRejections.None);
            }
            catch (PostgresException exception) when (PostgresBatchIsolation.IsRefusal(exception))
            {
                await transaction.DisposeAsync();
                var isolated = await connection.BeginTransactionAsync(cancellationToken);
                var rejections = await PostgresBatchIsolation.WriteEachAsync(connection, isolated, batch, BatchRejections.None, immediateChecks: false, cancellationToken);
                return new StagedBatch(connection, isolated, batch, rejections);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(
            $"SELECT {PostgresBatchStatements.EntryColumns} FROM stock_ledger WHERE tenant_id = $1 AND sku = $2 AND store_id = $3 AND sequence > $4 ORDER BY sequence LIMIT $5",
            reader => ReadEntry(reader, key), cancellationToken, key.TenantId, key.Sku, key.StoreId, afterSequence, limit);

    public async Task<IReadOnlyList<LedgerEntry>> NewestEntriesAsync(string tenantId, string sku, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(
            $"SELECT DISTINCT ON (store_id) {PostgresBatchStatements.EntryColumns} FROM stock_ledger WHERE tenant_id = $1 AND sku = $2 ORDER BY store_id, sequence DESC",
            reader => ReadEntry(reader, new StockKey(tenantId, sku, reader.GetString(2))), cancellationToken, tenantId, sku);

    public async Task<LedgerEntry?> FindDocumentAsync(StockKey key, string documentId, CancellationToken cancellationToken)
    {
        var found = await dataSource.QueryAsync(
            $"SELECT {PostgresBatchStatements.EntryColumns} FROM stock_ledger WHERE tenant_id = $1 AND sku = $2 AND store_id = $3 AND reference_id = $4 AND {DocumentKinds.SqlPredicate} ORDER BY sequence LIMIT 1",
            reader => ReadEntry(reader, key), cancellationToken, key.TenantId, key.Sku, key.StoreId, documentId);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyDictionary<RecordOwner, List<StoredRecord>>> ReadRecordsAsync(IReadOnlyCollection<RecordOwner> owners, CancellationToken cancellationToken)
    {
        var rows = await dataSource.QueryAsync(
            "SELECT kind, owner_key, item_key, payload, status FROM grain_records WHERE (kind, owner_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
            reader => (Owner: new RecordOwner(reader.GetString(0), reader.GetString(1)), Record: new StoredRecord(reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.IsDBNull(4) ? null : reader.GetString(4))),
            cancellationToken,
            owners.Select(owner => owner.Kind).ToArray(),
            owners.Select(owner => owner.OwnerKey).ToArray());
        return rows.GroupBy(row => row.Owner).ToDictionary(group => group.Key, group => group.Select(row => row.Record).ToList());
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string tenantId, long afterSequence, int limit, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(
            "SELECT sequence, event_id, event_type, order_id, occurred_at, payload FROM order_events " +
            "WHERE tenant_id = $1 AND sequence > $2 AND tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY sequence LIMIT $3",
            reader => new StoredEvent(reader.GetInt64(0), new OutboxEvent(tenantId, reader.GetString(1), reader.GetString(2), reader.GetString(3),
                ToUnixMilliseconds(reader.GetFieldValue<DateTime>(4)), reader.GetString(5))),
            cancellationToken, tenantId, afterSequence, limit);

    public async Task<IReadOnlyList<RecordOwner>> ListRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(
            "SELECT kind, owner_key FROM grain_records WHERE kind = $1 AND status = $2 AND updated_at < $3 GROUP BY kind, owner_key ORDER BY min(updated_at) LIMIT $4",
            reader => new RecordOwner(reader.GetString(0), reader.GetString(1)),
            cancellationToken, kind, status, updatedBefore.UtcDateTime, limit);

    private static LedgerEntry ReadEntry(NpgsqlDataReader reader, StockKey key) => new(
        key,
        reader.GetInt64(3),
        Enum.Parse<LedgerEntryKind>(reader.GetString(4)),
        reader.GetInt32(5),
        new CountSet(reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(19)),
        new CountSet(reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13), reader.GetInt32(20)),
        reader.GetString(14),
        reader.IsDBNull(15) ? null : reader.GetString(15),
        reader.GetInt32(16),
        reader.IsDBNull(17) ? 0 : ToUnixMilliseconds(reader.GetFieldValue<DateTime>(17)),
        ToUnixMilliseconds(reader.GetFieldValue<DateTime>(18)));

    private static long ToUnixMilliseconds(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;

    /// <summary>
    /// A written batch. A commit the deferred follows-previous check refuses stored nothing: the batch is written again
    /// piece by piece with the check per statement (every earlier batch is committed by now) and committed without the
    /// refused SKU-stores.
    /// </summary>
    private sealed class StagedBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerBatch batch, BatchRejections rejections) : IStagedLedgerBatch
    {
        private NpgsqlTransaction current = transaction;

        public async Task<BatchRejections> CommitAsync(CancellationToken cancellationToken)
        {
            try
            {
                await current.CommitAsync(cancellationToken);
                return rejections;
            }
            catch (PostgresException exception) when (PostgresBatchIsolation.IsRefusal(exception))
            {
                await current.DisposeAsync();
                current = await connection.BeginTransactionAsync(cancellationToken);
                var isolated = await PostgresBatchIsolation.WriteEachAsync(connection, current, batch, rejections, immediateChecks: true, cancellationToken);
                await current.CommitAsync(cancellationToken);
                return isolated;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await current.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
