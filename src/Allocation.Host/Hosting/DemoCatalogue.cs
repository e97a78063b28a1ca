using Allocation.Grains.Contracts;
using Allocation.Planning;

namespace Allocation.Host.Hosting;

/// <summary>The demo catalogue: stores, SKUs and opening stock, all deterministic for a seed.</summary>
internal static class DemoCatalogue
{
    /// <summary>The locations of the demo network (400 click-and-collect stores in 100 cities, a few distribution centres).</summary>
    public static IReadOnlyList<StoreEntry> Stores(StoreNetwork network) =>
        network.Locations
            .Select(location => new StoreEntry(location.Id, $"{location.City} {location.Id}", location.City, location.ClickAndCollect))
            .ToList();

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
