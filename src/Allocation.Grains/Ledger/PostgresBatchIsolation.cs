using Allocation.Contracts.Stock;
using Npgsql;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The slow path of a batch PostgreSQL refused: each SKU-store's entries and each record is written under a savepoint
/// of its own, so what the database refuses (bad text, a sequence written already) is left out and named, and
/// everything else still commits; SKU-stores the gap guard refused are left out the same way. Rare by design: the happy path is one statement per kind.
/// </summary>
internal static class PostgresBatchIsolation
{
    private const string Savepoint = "isolated_write";

    /// <summary>SQLSTATE classes of a refusal caused by the data itself: data exceptions, integrity violations, program limits.</summary>
    public static bool IsRefusal(PostgresException exception) =>
        exception.SqlState.StartsWith("22", StringComparison.Ordinal)
        || exception.SqlState.StartsWith("23", StringComparison.Ordinal)
        || exception.SqlState.StartsWith("54", StringComparison.Ordinal);

    /// <param name="earlier">What is refused already (left out, and named again in the answer).</param>
    public static async Task<BatchRejections> WriteEachAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerBatch batch, BatchRejections earlier, CancellationToken cancellationToken)
    {
        var rejectedStock = new HashSet<StockKey>();
        var lost = BatchRejections.NewClaimSet();
        foreach (var group in batch.Entries.GroupBy(entry => entry.Key).Where(group => !earlier.Rejects(group.Key)))
        {
            if (!await TryWriteAsync(connection, transaction, [.. group], [], lost, cancellationToken))
            {
                rejectedStock.Add(group.Key);
            }
        }

        var rejectedRecords = new HashSet<RecordKey>();
        foreach (var group in batch.Records.GroupBy(record => record.Key).Where(group => !earlier.Rejects(group.Key)))
        {
            if (!await TryWriteAsync(connection, transaction, [], [.. group], lost, cancellationToken))
            {
                rejectedRecords.Add(group.Key);
            }
        }

        return Merge(earlier, batch, rejectedStock, rejectedRecords).WithLostClaims(lost);
    }

    private static async Task<bool> TryWriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<LedgerEntry> entries, List<RecordWrite> records, HashSet<byte[]> lost, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync(Savepoint, cancellationToken);
        try
        {
            lost.UnionWith(await PostgresBatchStatements.WriteAsync(connection, entries, records, cancellationToken));
            await transaction.ReleaseAsync(Savepoint, cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (IsRefusal(exception))
        {
            await transaction.RollbackAsync(Savepoint, cancellationToken);
            return false;
        }
    }

    private static BatchRejections Merge(BatchRejections earlier, LedgerBatch batch, HashSet<StockKey> stock, HashSet<RecordKey> records)
    {
        stock.UnionWith(batch.Entries.Select(entry => entry.Key).Where(earlier.Rejects));
        records.UnionWith(batch.Records.Select(record => record.Key).Where(earlier.Rejects));
        return stock.Count + records.Count == 0 ? BatchRejections.None : new BatchRejections(stock, records);
    }
}
