using Npgsql;
using NpgsqlTypes;

namespace Allocation.Grains.Ledger;

/// <summary>The statements of one batch: ledger entries as one INSERT of column arrays, records as one upsert and one delete.</summary>
internal static class PostgresBatchStatements
{
    public const string EntryColumns =
        "tenant_id, sku, store_id, sequence, kind, quantity, " +
        "on_hand_before, held_before, committed_before, safety_stock_before, " +
        "on_hand_after, held_after, committed_after, safety_stock_after, " +
        "reference_id, reason, ttl_seconds, expires_at, occurred_at, in_transit_before, in_transit_after";

    private const string InsertEntriesSql =
        $"INSERT INTO stock_ledger ({EntryColumns}) SELECT * FROM unnest(" +
        "$1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::integer[], " +
        "$7::integer[], $8::integer[], $9::integer[], $10::integer[], $11::integer[], $12::integer[], $13::integer[], $14::integer[], " +
        "$15::text[], $16::text[], $17::integer[], $18::timestamptz[], $19::timestamptz[], $20::integer[], $21::integer[])";

    private const string UpsertRecordsSql =
        "INSERT INTO grain_records (kind, owner_key, item_key, status, updated_at, payload) " +
        "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bytea[]) " +
        "ON CONFLICT (kind, owner_key, item_key) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, payload = EXCLUDED.payload";

    private const string ClaimRecordsSql =
        "INSERT INTO grain_records (kind, owner_key, item_key, status, updated_at, payload) " +
        "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bytea[]) " +
        "ON CONFLICT (kind, owner_key, item_key) DO NOTHING RETURNING kind, owner_key, item_key";

    private const string DeleteRecordsSql =
        "DELETE FROM grain_records WHERE (kind, owner_key, item_key) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))";

    private const string InsertEventsSql =
        "INSERT INTO order_events (tenant_id, event_id, event_type, order_id, occurred_at, payload) " +
        "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) " +
        "ON CONFLICT (tenant_id, event_id) DO NOTHING";

    private static readonly string[] KindNames = BuildKindNames();

    /// <summary>
    /// Writes entries and records in one round trip (an <see cref="NpgsqlBatch"/> of one statement per kind); records
    /// repeated in the batch keep their last value. Answers the claims lost (a record had the key already, or an
    /// earlier claim of the batch took it).
    /// </summary>
    public static async Task<IReadOnlySet<byte[]>> WriteAsync(
        NpgsqlConnection connection, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<RecordWrite> records, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        var lost = BatchRejections.NewClaimSet();
        var claims = FirstClaimPerKey(records, lost);
        if (claims.Count > 0)
        {
            // First, so its RETURNING rows are the reader's first result; later upserts of the same key apply after it.
            AddRecordColumns(Add(batch, ClaimRecordsSql).Parameters, claims);
        }

        var insertEntries = entries.Count > 0 ? Add(batch, InsertEntriesSql) : null;
        if (insertEntries is not null)
        {
            AddEntryColumns(insertEntries.Parameters, entries);
        }

        var latest = records.Where(record => !record.IsClaim).GroupBy(record => record.Key).Select(group => group.Last()).ToList();
        var upserts = latest.Where(record => !record.IsRemoval).ToList();
        var removals = latest.Where(record => record.IsRemoval).ToList();
        if (upserts.Count > 0)
        {
            AddRecordColumns(Add(batch, UpsertRecordsSql).Parameters, upserts);
        }

        if (removals.Count > 0)
        {
            AddKeyColumns(Add(batch, DeleteRecordsSql).Parameters, removals);
        }

        // Every write's events, not only the last write's: each announces a transition of its own.
        var events = records.SelectMany(record => record.EventsOrNone).ToList();
        if (events.Count > 0)
        {
            var insert = Add(batch, InsertEventsSql).Parameters;
            AddColumn(insert, events, NpgsqlDbType.Text, item => item.TenantId);
            AddColumn(insert, events, NpgsqlDbType.Text, item => item.EventId);
            AddColumn(insert, events, NpgsqlDbType.Text, item => item.EventType);
            AddColumn(insert, events, NpgsqlDbType.Text, item => item.OrderId);
            AddColumn(insert, events, NpgsqlDbType.TimestampTz, item => ToUtc(item.OccurredAtUnixMilliseconds));
            AddColumn(insert, events, NpgsqlDbType.Text, item => item.Payload);
        }

        if (batch.BatchCommands.Count == 0)
        {
            return lost;
        }

        if (claims.Count == 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            await ExecuteWithClaimsAsync(batch, claims, lost, cancellationToken);
        }

        if (insertEntries is not null && insertEntries.RecordsAffected != entries.Count)
        {
            throw new InvalidOperationException($"ledger batch of {entries.Count} entries inserted {insertEntries.RecordsAffected} rows");
        }

        return lost;
    }

    /// <summary>Runs the batch; every claim the first statement did not return was lost.</summary>
    private static async Task ExecuteWithClaimsAsync(NpgsqlBatch batch, List<RecordWrite> claims, HashSet<byte[]> lost, CancellationToken cancellationToken)
    {
        var stored = new HashSet<RecordKey>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add(new RecordKey(new RecordOwner(reader.GetString(0), reader.GetString(1)), reader.GetString(2)));
            }

            while (await reader.NextResultAsync(cancellationToken))
            {
            }
        }

        lost.UnionWith(claims.Where(claim => !stored.Contains(claim.Key)).Select(claim => claim.Payload!));
    }

    /// <summary>Claims in order; a second claim of a key in the same batch is lost to the first.</summary>
    private static List<RecordWrite> FirstClaimPerKey(IReadOnlyList<RecordWrite> records, HashSet<byte[]> lost)
    {
        var claims = new List<RecordWrite>();
        var seen = new HashSet<RecordKey>();
        foreach (var record in records)
        {
            if (record.IsClaim && !seen.Add(record.Key))
            {
                lost.Add(record.Payload!);
            }
            else if (record.IsClaim)
            {
                claims.Add(record);
            }
        }

        return claims;
    }

    private static void AddRecordColumns(NpgsqlParameterCollection command, IReadOnlyList<RecordWrite> records)
    {
        AddKeyColumns(command, records);
        AddColumn(command, records, NpgsqlDbType.Text, record => record.Status);
        AddColumn(command, records, NpgsqlDbType.TimestampTz, record => ToUtc(record.UpdatedAtUnixMilliseconds));
        AddColumn(command, records, NpgsqlDbType.Bytea, record => record.Payload!);
    }

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        return command;
    }

    private static void AddEntryColumns(NpgsqlParameterCollection command, IReadOnlyList<LedgerEntry> entries)
    {
        AddColumn(command, entries, NpgsqlDbType.Text, entry => entry.Key.TenantId);
        AddColumn(command, entries, NpgsqlDbType.Text, entry => entry.Key.Sku);
        AddColumn(command, entries, NpgsqlDbType.Text, entry => entry.Key.StoreId);
        AddColumn(command, entries, NpgsqlDbType.Bigint, entry => entry.Sequence);
        AddColumn(command, entries, NpgsqlDbType.Text, entry => KindNames[(int)entry.Kind]);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.Quantity);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.Before.OnHand);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.Before.Held);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.Before.Committed);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.Before.SafetyStock);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.After.OnHand);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.After.Held);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.After.Committed);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.After.SafetyStock);
        AddColumn(command, entries, NpgsqlDbType.Text, entry => entry.ReferenceId);
        AddColumn(command, entries, NpgsqlDbType.Text, entry => entry.Reason);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.TtlSeconds);
        AddColumn(command, entries, NpgsqlDbType.TimestampTz, entry => entry.ExpiresAtUnixMilliseconds == 0 ? (DateTime?)null : ToUtc(entry.ExpiresAtUnixMilliseconds));
        AddColumn(command, entries, NpgsqlDbType.TimestampTz, entry => ToUtc(entry.OccurredAtUnixMilliseconds));
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.Before.InTransit);
        AddColumn(command, entries, NpgsqlDbType.Integer, entry => entry.After.InTransit);
    }

    private static void AddKeyColumns(NpgsqlParameterCollection command, IReadOnlyList<RecordWrite> records)
    {
        AddColumn(command, records, NpgsqlDbType.Text, record => record.Key.Owner.Kind);
        AddColumn(command, records, NpgsqlDbType.Text, record => record.Key.Owner.OwnerKey);
        AddColumn(command, records, NpgsqlDbType.Text, record => record.Key.ItemKey);
    }

    private static void AddColumn<TRow, T>(NpgsqlParameterCollection command, IReadOnlyList<TRow> rows, NpgsqlDbType elementType, Func<TRow, T> select)
    {
        var values = new T[rows.Count];
        for (var index = 0; index < values.Length; index++)
        {
            values[index] = select(rows[index]);
        }

        command.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values });
    }

    public static DateTime ToUtc(long unixMilliseconds) => DateTime.UnixEpoch.AddMilliseconds(unixMilliseconds);

    private static string[] BuildKindNames()
    {
        var names = new string[byte.MaxValue + 1];
        foreach (var kind in Enum.GetValues<LedgerEntryKind>())
        {
            names[(int)kind] = kind.ToString();
        }

        return names;
    }
}
