using System.Globalization;
using Allocation.Client;
using Allocation.Client.Stock;

namespace Allocation.Bench.Http;

/// <summary>
/// Tops up stock through the service's own API (<c>POST .../receipts</c> with a fresh documentId), so no path runs out
/// during its run: every SKU-store to <see cref="UnitsPerSkuStore"/> more units, the hot one to what its rows can take.
/// </summary>
internal static class HostRestocker
{
    /// <summary>The figures were measured with 10,000 units per SKU-store.</summary>
    public const int UnitsPerSkuStore = 10_000;

    /// <summary>The hot rows may reserve this many units per second before they run out; 5x the anchor's best on this machine.</summary>
    public const int HotUnitsPerSecondMax = 100_000;

    /// <summary>The API's largest quantity per receipt.</summary>
    private const int ReceiptUnitsMax = 1_000_000;

    private const int ParallelReceiptsMax = 64;

    public static long HotUnits(HttpBenchmarkOptions options) =>
        (long)HotUnitsPerSecondMax * (options.WarmupPassSeconds + options.WarmupSeconds + options.DurationSeconds + options.OpenModelSeconds);

    public static async Task RestockAsync(HttpClient client, BenchCatalogue catalogue, long hotUnits, TextWriter log, CancellationToken cancellationToken)
    {
        var receipts = catalogue.SkuStores().Select(skuStore => (skuStore.Sku, skuStore.StoreId, Units: (long)UnitsPerSkuStore)).ToList();
        receipts.Add((catalogue.HotSku, catalogue.HotStore, hotUnits));
        var api = new AllocationClient(client);
        var split = receipts.SelectMany(Split).Select((receipt, index) => (receipt.Sku, receipt.StoreId, receipt.Units, Index: index)).ToList();
        await Parallel.ForEachAsync(split, new ParallelOptions { MaxDegreeOfParallelism = ParallelReceiptsMax, CancellationToken = cancellationToken }, async (receipt, token) =>
        {
            var documentId = string.Create(CultureInfo.InvariantCulture, $"bench-restock-{receipt.Index}");
            var result = await api.MoveStockAsync(new StockMovement(MovementKind.Receipt, receipt.Sku, receipt.StoreId, receipt.Units, documentId), token);
            if (!result.IsOk)
                throw new InvalidOperationException($"restock of {receipt.Sku} at {receipt.StoreId} answered {result}");
        });
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"host: restocked {catalogue.SkuStoreCount:N0} SKU-stores with {UnitsPerSkuStore:N0} units each, {catalogue.HotSku} at {catalogue.HotStore} with {hotUnits:N0} ({split.Count:N0} receipts)"));
    }

    private static IEnumerable<(string Sku, string StoreId, int Units)> Split((string Sku, string StoreId, long Units) receipt)
    {
        for (var remaining = receipt.Units; remaining > 0; remaining -= ReceiptUnitsMax)
            yield return (receipt.Sku, receipt.StoreId, (int)Math.Min(remaining, ReceiptUnitsMax));
    }
}
