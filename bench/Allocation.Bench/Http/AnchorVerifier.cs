using System.Globalization;

namespace Allocation.Bench.Http;

/// <summary>After the anchor's runs: no SKU-store oversold in Redis, every acknowledged reservation readable through its API.</summary>
internal static class AnchorVerifier
{
    private const int ParallelReadsMax = 64;

    public static async Task<VerificationReport> VerifyAsync(
        AnchorStore store, HttpClient client, BenchCatalogue catalogue, IReadOnlyList<RowResult> rows, HttpBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var report = new VerificationReport("anchor");
        var skuStores = catalogue.SkuStores().ToList();
        await Parallel.ForEachAsync(skuStores, new ParallelOptions { MaxDegreeOfParallelism = ParallelReadsMax, CancellationToken = cancellationToken }, async (skuStore, _) =>
        {
            if (await store.CountsAsync(skuStore.Sku, skuStore.StoreId) is { } counts)
                StockCountsChecks.Check(report, skuStore.Sku, skuStore.StoreId, counts.OnHand, counts.Held, counts.Committed);
            else
                report.Fail($"{skuStore.Sku} at {skuStore.StoreId}: the anchor lost its counts");
        });
        report.Checked.Add(string.Create(CultureInfo.InvariantCulture, $"{skuStores.Count:N0} SKU-stores checked for oversell"));
        await HoldReadBack.CheckAsync(report, client, rows, options.HoldSampleMax, options.Seed, cancellationToken);
        return report;
    }
}
