using System.Collections.Concurrent;
using Allocation.Load.Hosting;
using Allocation.Load.Profiles;
using Allocation.Load.Scenarios;
using Allocation.Load.Service;

namespace Allocation.Load.Run;

/// <summary>Before the load: the profile's top-up receipts (idempotent per run), then the pool's counts as the baseline.</summary>
public static class StockSetup
{
    private const int Parallelism = 32;

    public static async Task<int> TopUpAsync(IAllocationService service, LoadProfile profile, LoadPool pool, double scale, string runId, CancellationToken cancellationToken)
    {
        var receipts = profile.TopUps.SelectMany(topUp =>
        {
            var quantity = Math.Max(1, (int)Math.Ceiling(topUp.QuantityPerStore * scale));
            var skus = topUp.Skus == TopUpSkus.Hot ? pool.HotSkus : pool.Skus;
            return skus.SelectMany(sku => pool.Stores.Select(store => (SkuStore: new SkuStore(sku, store), Quantity: quantity)));
        }).ToList();
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(receipts, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (receipt, token) =>
        {
            var documentId = $"{runId}-topup-{receipt.SkuStore.Sku}-{receipt.SkuStore.StoreId}";
            var answer = await service.MoveAsync(MovementKind.Receipt, receipt.SkuStore, receipt.Quantity, documentId, token);
            if (!answer.IsOk)
            {
                failures.Add($"{receipt.SkuStore}: {answer.Problem}");
            }
        });
        return failures.IsEmpty ? receipts.Count : throw new HarnessSetupException($"top-up receipts failed ({failures.Count}), e.g. {failures.First()}");
    }

    public static async Task<IReadOnlyDictionary<SkuStore, StockReply>> BaselineAsync(IAllocationService service, LoadPool pool, CancellationToken cancellationToken)
    {
        var baseline = new ConcurrentDictionary<SkuStore, StockReply>();
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(pool.SkuStores, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (skuStore, token) =>
        {
            var answer = await service.GetStockAsync(skuStore, token);
            if (answer is { IsOk: true, Value: { } counts })
            {
                baseline[skuStore] = counts;
            }
            else
            {
                failures.Add($"{skuStore}: {answer.Problem}");
            }
        });
        return failures.IsEmpty ? baseline : throw new HarnessSetupException($"reading the pool's stock failed ({failures.Count}), e.g. {failures.First()}");
    }
}
