using System.Globalization;
using Allocation.Client;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Verification;
using Npgsql;

namespace Allocation.Bench.Http;

/// <summary>
/// After the runs on a host: no oversell on any SKU-store (distribution centres too: the solver may source there),
/// every acknowledged reservation readable, and, when durable, the counts rebuilt from the stock_ledger table equal to
/// the counts the grains answer.
/// </summary>
internal static class HostVerifier
{
    private const int ParallelReadsMax = 64;

    public static async Task<VerificationReport> VerifyAsync(
        string targetName, HttpClient client, BenchCatalogue catalogue, IReadOnlyList<RowResult> rows, string? ledgerConnectionString,
        HttpBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var report = new VerificationReport(targetName);
        var counts = await ReadCountsAsync(report, client, catalogue, cancellationToken);
        if (ledgerConnectionString is not null)
            await CompareWithLedgerAsync(report, ledgerConnectionString, counts, cancellationToken);
        await HoldReadBack.CheckAsync(report, client, rows, options.HoldSampleMax, options.Seed, cancellationToken);
        return report;
    }

    private static async Task<Dictionary<(string Sku, string StoreId), StockCounts>> ReadCountsAsync(
        VerificationReport report, HttpClient client, BenchCatalogue catalogue, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string Sku, string StoreId), StockCounts>();
        var skuLocations = catalogue.AllSkuLocations().ToList();
        var api = new AllocationClient(client);
        await Parallel.ForEachAsync(skuLocations, new ParallelOptions { MaxDegreeOfParallelism = ParallelReadsMax, CancellationToken = cancellationToken }, async (skuStore, token) =>
        {
            var read = await api.GetStockAsync(skuStore.Sku, skuStore.StoreId, token);
            var view = read.IsOk ? read.Value! : throw new InvalidOperationException($"GET stock of {skuStore.Sku} at {skuStore.StoreId} answered {read}");
            StockCountsChecks.Check(report, skuStore.Sku, skuStore.StoreId, view.OnHand, view.Held, view.Committed);
            lock (counts)
                counts[skuStore] = new StockCounts(view.OnHand, view.Held, view.Committed, view.SafetyStock);
        });
        report.Checked.Add(string.Create(CultureInfo.InvariantCulture, $"{skuLocations.Count:N0} SKU-stores checked for oversell"));
        return counts;
    }

    private static async Task CompareWithLedgerAsync(
        VerificationReport report, string connectionString, Dictionary<(string Sku, string StoreId), StockCounts> counts, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var ledger = new PostgresLedgerStore(dataSource);
        var entries = 0L;
        await Parallel.ForEachAsync(counts, new ParallelOptions { MaxDegreeOfParallelism = ParallelReadsMax, CancellationToken = cancellationToken }, async (pair, token) =>
        {
            var stored = await ledger.ReadAsync(new StockKey(HostSettings.TenantId, pair.Key.Sku, pair.Key.StoreId), 0, int.MaxValue, token);
            Interlocked.Add(ref entries, stored.Count);
            var rebuilt = LedgerFold.Rebuild(stored);
            if (!rebuilt.Reconciles)
                report.Fail($"{pair.Key.Sku} at {pair.Key.StoreId}: the ledger does not reconcile: {rebuilt.Problem}");
            else if (rebuilt.Counts.ToContract() != pair.Value)
                report.Fail($"{pair.Key.Sku} at {pair.Key.StoreId}: the ledger gives {rebuilt.Counts}, the grain answers {pair.Value}");
        });
        report.Checked.Add(string.Create(CultureInfo.InvariantCulture, $"{counts.Count:N0} SKU-stores rebuilt from {entries:N0} ledger entries, compared with the grains"));
    }
}
