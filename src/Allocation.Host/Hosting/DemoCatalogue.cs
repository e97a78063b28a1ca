using Allocation.Grains.Contracts;

namespace Allocation.Host.Hosting;

/// <summary>The demo catalogue: stores, SKUs and opening stock, all deterministic for a seed.</summary>
internal static class DemoCatalogue
{
    private const int StoreCount = 400;
    private const int CityCount = 100;

    public static IReadOnlyList<StoreEntry> Stores(int seed)
    {
        _ = seed;
        return Enumerable.Range(1, StoreCount)
            .Select(index => new StoreEntry($"S{index:D3}", $"Store {index:D3}", $"City {(index - 1) % CityCount + 1:D3}", ClickAndCollect: true))
            .ToList();
    }

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
