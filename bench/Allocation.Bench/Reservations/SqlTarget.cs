using Allocation.TestKit;
using Npgsql;

namespace Allocation.Bench.Reservations;

/// <summary>
/// Baseline "the usual approach": a stock row per SKU-store and one auto-committed conditional UPDATE per operation,
/// each acknowledged only after PostgreSQL flushed its commit record (synchronous_commit=on).
/// </summary>
internal sealed class SqlTarget : IReservationTarget
{
    private const string ReserveSql =
        "UPDATE stock SET held = held + $2 WHERE key = $1 AND on_hand - held - committed >= $2";
    private const string ConfirmSql =
        "UPDATE stock SET held = held - $2, committed = committed + $2 WHERE key = $1 AND held >= $2";
    private const string ExpireSql =
        "UPDATE stock SET held = held - $2 WHERE key = $1 AND held >= $2";

    // The CHECK is a safety net only; the WHERE clauses decide. A breach would surface as an exception, i.e. a bug.
    private const string CreateTableSql = """
        CREATE TABLE stock (
            key integer PRIMARY KEY,
            on_hand bigint NOT NULL,
            held bigint NOT NULL,
            committed bigint NOT NULL,
            CHECK (held >= 0 AND committed >= 0 AND held + committed <= on_hand))
        """;

    private const int AutoPrepareStatementsMax = 8;
    private readonly ScratchDatabase _database;
    private readonly NpgsqlDataSource _dataSource;
    private int _keyCount;

    private SqlTarget(ScratchDatabase database, NpgsqlDataSource dataSource)
    {
        _database = database;
        _dataSource = dataSource;
    }

    public static async Task<SqlTarget> CreateAsync(ReservationTargetContext context, CancellationToken cancellationToken)
    {
        var database = await context.CreateScratchDatabaseAsync("reservations_sql", cancellationToken);
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            MaxPoolSize = context.Concurrency,
            MinPoolSize = 0,
            MaxAutoPrepare = AutoPrepareStatementsMax,
            Options = "-c synchronous_commit=on",
        };
        var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        var target = new SqlTarget(database, dataSource);
        try
        {
            await target.ExecuteAsync(CreateTableSql, cancellationToken);
            await target.LogSettingsAsync(context.Log, cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public async Task SetupAsync(int keyCount, int unitsPerKey, CancellationToken cancellationToken)
    {
        await ExecuteAsync("TRUNCATE stock", cancellationToken);
        await using var insert = _dataSource.CreateCommand(
            "INSERT INTO stock (key, on_hand, held, committed) SELECT key, $2, 0, 0 FROM generate_series(0, $1 - 1) AS key");
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = keyCount });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = unitsPerKey });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await ExecuteAsync("VACUUM ANALYZE stock", cancellationToken);
        _keyCount = keyCount;
    }

    public ValueTask<bool> ReserveAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        UpdateOneRowAsync(ReserveSql, keyIndex, quantity, cancellationToken);

    public ValueTask<bool> ConfirmAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        UpdateOneRowAsync(ConfirmSql, keyIndex, quantity, cancellationToken);

    public ValueTask<bool> ExpireAsync(int keyIndex, string reservationId, int quantity, CancellationToken cancellationToken) =>
        UpdateOneRowAsync(ExpireSql, keyIndex, quantity, cancellationToken);

    public async Task<TargetTotals> ReadTotalsAsync(CancellationToken cancellationToken)
    {
        var totals = new TargetTotals(new long[_keyCount], new long[_keyCount], new long[_keyCount]);
        await using var select = _dataSource.CreateCommand("SELECT key, on_hand, held, committed FROM stock");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetInt32(0);
            totals.OnHand[key] = reader.GetInt64(1);
            totals.Held[key] = reader.GetInt64(2);
            totals.Committed[key] = reader.GetInt64(3);
            rows++;
        }

        if (rows != _keyCount)
            throw new InvalidOperationException($"stock has {rows} rows, expected {_keyCount}");
        return totals;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async ValueTask<bool> UpdateOneRowAsync(string sql, int keyIndex, int quantity, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = keyIndex });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = quantity });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task LogSettingsAsync(TextWriter log, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT version(), current_setting('synchronous_commit'), current_setting('fsync'), current_setting('wal_sync_method')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var synchronousCommit = reader.GetString(1);
        if (synchronousCommit != "on" || reader.GetString(2) != "on")
            throw new InvalidOperationException($"PostgreSQL is not durable here: synchronous_commit={synchronousCommit}, fsync={reader.GetString(2)}");
        await log.WriteLineAsync(
            $"sql: {reader.GetString(0).Split(" on ")[0]}, synchronous_commit={synchronousCommit}, fsync={reader.GetString(2)}, wal_sync_method={reader.GetString(3)}");
    }
}
