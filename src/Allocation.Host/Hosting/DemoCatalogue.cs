using Allocation.Contracts.Catalogue;

namespace Allocation.Host.Hosting;

/// <summary>The demo catalogue: SKUs and opening stock at every store, deterministic for a seed.</summary>
internal static class DemoCatalogue
{
    public static IReadOnlyList<SkuEntry> Skus(int count) =>
        Enumerable.Range(1, count).Select(index => new SkuEntry($"SKU-{index:D4}", $"Demo item {index}")).ToList();

    public static IReadOnlyList<(string Sku, string StoreId, int Quantity)> Stock(int seed, IReadOnlyList<SkuEntry> skus, IReadOnlyList<StoreEntry> stores, int unitsPerStore)
    {
        if (unitsPerStore == 0)
        {
            return [];
        }

        var random = new Random(seed);
        return skus.SelectMany(sku => stores.Select(store => (sku.Sku, store.StoreId, Quantity: random.Next(1, 2 * unitsPerStore)))).ToList();
    }
}
