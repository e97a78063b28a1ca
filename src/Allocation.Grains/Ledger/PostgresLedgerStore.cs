using Allocation.Grains.Contracts;
using Allocation.Grains.Stock;
using Npgsql;
using NpgsqlTypes;

namespace Allocation.Grains.Ledger;

/// <summary>The stock ledger in PostgreSQL. A batch is one binary COPY: one statement, one commit, one disk sync.</summary>
internal sealed class PostgresLedgerStore(NpgsqlDataSource dataSource) : ILedgerStore
{
    private const string Columns =
        "tenant_id, sku, store_id, sequence, kind, quantity, " +
        "on_hand_before, held_before, committed_before, safety_stock_before, " +
        "on_hand_after, held_after, committed_after, safety_stock_after, " +
        "reference_id, reason, ttl_seconds, expires_at, occurred_at";

    private static readonly string[] KindNames = BuildKindNames();

    public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync($"COPY stock_ledger ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var entry in entries)
        {
            await importer.StartRowAsync(cancellationToken);
            WriteRow(importer, entry);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM stock_ledger WHERE tenant_id = $1 AND sku = $2 AND store_id = $3 AND sequence > $4 ORDER BY sequence LIMIT $5");
        command.Parameters.Add(new NpgsqlParameter { Value = key.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Sku });
        command.Parameters.Add(new NpgsqlParameter { Value = key.StoreId });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadRow(reader, key));
        }

        return entries;
    }

    private static void WriteRow(NpgsqlBinaryImporter importer, in LedgerEntry entry)
    {
        importer.Write(entry.Key.TenantId, NpgsqlDbType.Text);
        importer.Write(entry.Key.Sku, NpgsqlDbType.Text);
        importer.Write(entry.Key.StoreId, NpgsqlDbType.Text);
        importer.Write(entry.Sequence, NpgsqlDbType.Bigint);
        importer.Write(KindNames[(int)entry.Kind], NpgsqlDbType.Text);
        importer.Write(entry.Quantity, NpgsqlDbType.Integer);
        WriteCounts(importer, entry.Before);
        WriteCounts(importer, entry.After);
        importer.Write(entry.ReferenceId, NpgsqlDbType.Text);
        if (entry.Reason is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(entry.Reason, NpgsqlDbType.Text);
        }

        importer.Write(entry.TtlSeconds, NpgsqlDbType.Integer);
        if (entry.ExpiresAtUnixMilliseconds == 0)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(ToUtc(entry.ExpiresAtUnixMilliseconds), NpgsqlDbType.TimestampTz);
        }

        importer.Write(ToUtc(entry.OccurredAtUnixMilliseconds), NpgsqlDbType.TimestampTz);
    }

    private static void WriteCounts(NpgsqlBinaryImporter importer, CountSet counts)
    {
        importer.Write(counts.OnHand, NpgsqlDbType.Integer);
        importer.Write(counts.Held, NpgsqlDbType.Integer);
        importer.Write(counts.Committed, NpgsqlDbType.Integer);
        importer.Write(counts.SafetyStock, NpgsqlDbType.Integer);
    }

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
}
