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
    private const string NewestEntriesSql =
        "WITH RECURSIVE stores (store_id) AS (" +
        " (SELECT store_id FROM stock_ledger WHERE tenant_id = $1 AND sku = $2 ORDER BY store_id LIMIT 1)" +
        " UNION ALL" +
        " SELECT (SELECT later.store_id FROM stock_ledger later WHERE later.tenant_id = $1 AND later.sku = $2 AND later.store_id > stores.store_id ORDER BY later.store_id LIMIT 1)" +
        " FROM stores WHERE stores.store_id IS NOT NULL)" +
        " SELECT newest.* FROM stores CROSS JOIN LATERAL" +
        $" (SELECT {PostgresBatchStatements.EntryColumns} FROM stock_ledger entry WHERE entry.tenant_id = $1 AND entry.sku = $2 AND entry.store_id = stores.store_id ORDER BY entry.sequence DESC LIMIT 1) newest";

    public async Task<IStagedLedgerBatch> StageAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var lost = await PostgresBatchStatements.WriteAsync(connection, batch.Entries, batch.Records, cancellationToken);
                return new StagedBatch(connection, transaction, batch, BatchRejections.None.WithLostClaims(lost));
            }
            catch (PostgresException exception) when (PostgresBatchIsolation.IsRefusal(exception))
            {
                await transaction.DisposeAsync();
                var isolated = await connection.BeginTransactionAsync(cancellationToken);
                var rejections = await PostgresBatchIsolation.WriteEachAsync(connection, isolated, batch, BatchRejections.None, cancellationToken);
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

    /// <summary>
    /// A skip scan of the primary key: the next store id after the last, then that store's newest entry, two index
    /// probes a store. DISTINCT ON read every entry of the SKU instead, which grows with the ledger (seconds per SKU
    /// after a busy day, and the solver's first plan after a restart waits for it).
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>> NewestEntriesAsync(string tenantId, string sku, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(NewestEntriesSql, reader => ReadEntry(reader, new StockKey(tenantId, sku, reader.GetString(2))), cancellationToken, tenantId, sku);

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

    public async Task<IReadOnlyList<ListedOwner>> PageRecordOwnersAsync(string kind, string status, DateTimeOffset updatedBefore, RecordCursor? after, int limit, CancellationToken cancellationToken)
    {
        // Records of the kinds swept (orders, reservations, webhooks) have one item per owner: no grouping needed.
        var (afterTime, afterOwner) = after is { } cursor ? (DateTime.UnixEpoch.AddMilliseconds(cursor.UpdatedAtUnixMilliseconds), cursor.OwnerKey) : (DateTime.UnixEpoch.AddYears(-1), "");
        return await dataSource.QueryAsync(
            "SELECT kind, owner_key, updated_at FROM grain_records WHERE kind = $1 AND status = $2 AND updated_at < $3 AND (updated_at, owner_key) > ($4, $5) " +
            "ORDER BY updated_at, owner_key LIMIT $6",
            reader => new ListedOwner(new RecordOwner(reader.GetString(0), reader.GetString(1)), new RecordCursor(ToUnixMilliseconds(reader.GetFieldValue<DateTime>(2)), reader.GetString(1))),
            cancellationToken, kind, status, updatedBefore.UtcDateTime, afterTime, afterOwner, limit);
    }

    public async Task<PrunedPage> PruneRecordsAsync(RecordPruning pruning, CancellationToken cancellationToken)
    {
        // One statement: the page, what of it is due, its deletion and its companions' (an order and its reservation go
        // together, or neither does).
        const string Sql =
            "WITH page AS (SELECT owner_key, item_key, status, updated_at FROM grain_records " +
            "  WHERE kind = $1 AND (owner_key, item_key) > ($2, $3) ORDER BY owner_key, item_key LIMIT $4), " +
            "due AS (SELECT owner_key, item_key FROM page WHERE updated_at < $5 AND ($6 OR status = ANY($7))), " +
            "gone AS (DELETE FROM grain_records g USING due WHERE g.kind = $1 AND g.owner_key = due.owner_key AND g.item_key = due.item_key RETURNING 1), " +
            "companions AS (DELETE FROM grain_records g USING due WHERE g.kind = $8 AND g.owner_key = due.owner_key RETURNING 1), " +
            "last AS (SELECT owner_key, item_key FROM page ORDER BY owner_key DESC, item_key DESC LIMIT 1) " +
            "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM page), (SELECT owner_key FROM last), (SELECT item_key FROM last), (SELECT count(*) FROM companions)";
        var rows = await dataSource.QueryAsync(
            Sql,
            reader => new PrunedPage(
                (int)reader.GetInt64(0),
                (int)reader.GetInt64(1),
                reader.IsDBNull(2) ? null : (reader.GetString(2), reader.GetString(3))),
            cancellationToken,
            pruning.Kind, pruning.AfterOwnerKey, pruning.AfterItemKey, pruning.Limit, pruning.UpdatedBefore.UtcDateTime,
            pruning.Statuses is null, (pruning.Statuses ?? []).ToArray(), pruning.CompanionKind ?? "");
        var page = rows[0];
        return page.Scanned < pruning.Limit ? page with { Next = null } : page;
    }

    public async Task<int> PruneEventsAsync(DateTimeOffset occurredBefore, int limit, CancellationToken cancellationToken)
    {
        var rows = await dataSource.QueryAsync(
            "WITH gone AS (DELETE FROM order_events WHERE sequence IN (SELECT sequence FROM order_events ORDER BY sequence LIMIT $2) AND occurred_at < $1 RETURNING 1) " +
            "SELECT count(*) FROM gone",
            reader => (int)reader.GetInt64(0), cancellationToken, occurredBefore.UtcDateTime, limit);
        return rows[0];
    }

    public async Task<long> NewestEventSequenceAsync(string tenantId, CancellationToken cancellationToken)
    {
        // Backwards along (tenant_id, sequence): the newest rows first, so this reads a few rows, not the tenant's feed.
        var rows = await dataSource.QueryAsync(
            "SELECT sequence FROM order_events WHERE tenant_id = $1 AND tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY sequence DESC LIMIT 1",
            reader => reader.GetInt64(0), cancellationToken, tenantId);
        return rows.Count == 0 ? 0 : rows[0];
    }

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
    /// A written batch, committed after the gap guard: one query for the SKU-stores' first entries of the batch, run
    /// when every earlier batch has committed (the writer commits in order), so each head finds its predecessor or its
    /// SKU-store is refused. A batch with a refused SKU-store is written again piece by piece without it. Replaces a
    /// deferred foreign key per entry (a probe and a row lock on the predecessor at every commit, a fifth to two
    /// fifths of PostgreSQL's time per reservation: docs/benchmarks.md §6b).
    /// </summary>
    private sealed class StagedBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerBatch batch, BatchRejections rejections) : IStagedLedgerBatch
    {
        private const string MissingPredecessorsSql =
            "SELECT head.tenant_id, head.sku, head.store_id FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS head (tenant_id, sku, store_id, sequence) " +
            "WHERE NOT EXISTS (SELECT 1 FROM stock_ledger entry WHERE entry.tenant_id = head.tenant_id COLLATE \"C\" AND entry.sku = head.sku COLLATE \"C\" " +
            "AND entry.store_id = head.store_id COLLATE \"C\" AND entry.sequence = head.sequence - 1)";

        private NpgsqlTransaction current = transaction;

        public async Task<BatchRejections> CommitAsync(CancellationToken cancellationToken)
        {
            var gapped = await FindGapsAsync(cancellationToken);
            if (gapped.Count == 0)
            {
                await current.CommitAsync(cancellationToken);
                return rejections;
            }

            await current.DisposeAsync();
            current = await connection.BeginTransactionAsync(cancellationToken);
            var isolated = await PostgresBatchIsolation.WriteEachAsync(connection, current, batch, rejections.WithStock(gapped), cancellationToken);
            await current.CommitAsync(cancellationToken);
            return isolated;
        }

        public async ValueTask DisposeAsync()
        {
            await current.DisposeAsync();
            await connection.DisposeAsync();
        }

        /// <summary>SKU-stores whose entries skip a sequence in the batch, or whose first entry has no predecessor stored.</summary>
        private async Task<IReadOnlySet<StockKey>> FindGapsAsync(CancellationToken cancellationToken)
        {
            var (heads, broken) = LedgerContinuity.Inspect(batch.Entries.Where(entry => !rejections.Rejects(entry.Key)));
            var probed = LedgerContinuity.NeedingPredecessor(heads);
            if (probed.Count == 0)
            {
                return broken;
            }

            await using var command = new NpgsqlCommand(MissingPredecessorsSql, connection, current);
            command.Parameters.Add(new NpgsqlParameter { Value = probed.Select(head => head.Key.TenantId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = probed.Select(head => head.Key.Sku).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = probed.Select(head => head.Key.StoreId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = probed.Select(head => head.Sequence).ToArray() });
            var gapped = new HashSet<StockKey>(broken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                gapped.Add(new StockKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }

            return gapped;
        }
    }
}
