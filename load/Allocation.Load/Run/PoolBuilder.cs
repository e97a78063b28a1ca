using System.Globalization;
using Allocation.Load.Hosting;
using Allocation.Load.Profiles;
using Allocation.Load.Scenarios;
using Allocation.Load.Service;

namespace Allocation.Load.Run;

/// <summary>The pool from the service itself: its click-and-collect stores, and the profile's SKUs, checked to exist.</summary>
public static class PoolBuilder
{
    public static async Task<LoadPool> BuildAsync(IAllocationService service, CatalogueProfile catalogue, CancellationToken cancellationToken)
    {
        var stores = await service.GetStoresAsync(cancellationToken);
        if (stores is not { IsOk: true, Value: { } list })
        {
            throw new HarnessSetupException($"GET /api/v1/stores: {stores.Problem}");
        }

        var storeIds = list.Where(store => store.ClickAndCollect).Select(store => store.StoreId).Take(catalogue.StoreCountMax).ToList();
        if (storeIds.Count == 0)
        {
            throw new HarnessSetupException("the service lists no click-and-collect store: seed its network first");
        }

        var skus = Enumerable.Range(1, catalogue.SkuCount).Select(index => string.Format(CultureInfo.InvariantCulture, catalogue.SkuPattern, index)).ToList();
        foreach (var sku in new[] { skus[0], skus[^1] })
        {
            var exists = await service.SkuExistsAsync(sku, cancellationToken);
            if (exists is not { IsOk: true, Value: true })
            {
                throw new HarnessSetupException($"the service has no SKU '{sku}' (profile catalogue: {catalogue.SkuCount} SKUs named {catalogue.SkuPattern}): seed it or lower catalogue.skuCount");
            }
        }

        // A solver-chosen line may come from any location, a distribution centre too: those are read and checked as well.
        var sourceIds = storeIds.Concat(list.Select(store => store.StoreId).Where(storeId => !storeIds.Contains(storeId, StringComparer.Ordinal))).ToList();
        return new LoadPool(skus, skus.Take(catalogue.HotSkuCount).ToList(), storeIds, sourceIds);
    }
}
