using Allocation.Contracts.Stock;
using Allocation.Grains.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Allocation.Grains.Ledger;

/// <summary>The stock ledger in PostgreSQL. A batch is one INSERT of column arrays inside a transaction, committed in order by the writer.</summary>
internal sealed class PostgresLedgerStore(NpgsqlDataSource dataSource) : ILedgerStore
{
    private const string Columns =
        "tenant_id, sku, store_id, sequence, kind, quantity, " +
        "on_hand_before, held_before, committed_before, safety_stock_before, " +
        "on_hand_after, held_after, committed_after, safety_stock_after, " +
        "reference_id, reason, ttl_seconds, expires_at, occurred_at";

    private static readonly string[] KindNames = BuildKindNames();

    public async Task<IStagedLedgerBatch> StageAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await InsertAsync(connection, entries, cancellationToken);
            return new StagedBatch(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>One statement with one array per column: the whole batch in a single round trip.</summary>
    private static async Task InsertAsync(NpgsqlConnection connection, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertBatchSql, connection);
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
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != entries.Count)
        {
            throw new InvalidOperationException($"ledger batch of {entries.Count} entries inserted {inserted} rows");
        }
    }

    private static readonly string InsertBatchSql =
        $"INSERT INTO stock_ledger ({Columns}) SELECT * FROM unnest(" +
        "$1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::integer[], " +
        "$7::integer[], $8::integer[], $9::integer[], $10::integer[], $11::integer[], $12::integer[], $13::integer[], $14::integer[], " +
        "$15::text[], $16::text[], $17::integer[], $18::timestamptz[], $19::timestamptz[])";

    private static void AddColumn<T>(NpgsqlCommand command, IReadOnlyList<LedgerEntry> entries, NpgsqlDbType elementType, Func<LedgerEntry, T> select)
    {
        var values = new T[entries.Count];
        for (var index = 0; index < values.Length; index++)
        {
            values[index] = select(entries[index]);
        }

        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values });
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken) =>
        await dataSource.QueryAsync(
            $"SELECT {Columns} FROM stock_ledger WHERE tenant_id = $1 AND sku = $2 AND store_id = $3 AND sequence > $4 ORDER BY sequence LIMIT $5",
            reader => ReadRow(reader, key), cancellationToken, key.TenantId, key.Sku, key.StoreId, afterSequence, limit);

    private static LedgerEntry ReadRow(NpgsqlDataReader reader, StockKey key) => new(
        key,
        reader.GetInt64(3),
        Enum.Parse<LedgerEntryKind>(reader.GetString(4)),
        reader.GetInt32(5),
        new CountSet(reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9)),
        new CountSet(reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetInt32(13)),
        reader.GetString(14),
        reader.IsDBNull(15) ? null : reader.GetString(15),
        reader.GetInt32(16),
        reader.IsDBNull(17) ? 0 : ToUnixMilliseconds(reader.GetFieldValue<DateTime>(17)),
        ToUnixMilliseconds(reader.GetFieldValue<DateTime>(18)));

    private static DateTime ToUtc(long unixMilliseconds) => DateTime.UnixEpoch.AddMilliseconds(unixMilliseconds);

    private static long ToUnixMilliseconds(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;

    private static string[] BuildKindNames()
    {
        var names = new string[byte.MaxValue + 1];
        foreach (var kind in Enum.GetValues<LedgerEntryKind>())
        {
            names[(int)kind] = kind.ToString();
        }

        return names;
    }

    private sealed class StagedBatch(NpgsqlConnection connection, NpgsqlTransaction transaction) : IStagedLedgerBatch
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
