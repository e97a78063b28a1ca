using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>The SKUs and stores the load draws on; every SKU-store of the pool is checked after the run.</summary>
public sealed record LoadPool(IReadOnlyList<string> Skus, IReadOnlyList<string> HotSkus, IReadOnlyList<string> Stores)
{
    public IEnumerable<SkuStore> SkuStores => Skus.SelectMany(sku => Stores.Select(store => new SkuStore(sku, store)));

    public string RandomStore(Random random) => Stores[random.Next(Stores.Count)];

    /// <summary>Distinct SKUs for a basket, drawn from <paramref name="from"/>.</summary>
    public static IReadOnlyList<string> DistinctSkus(Random random, IReadOnlyList<string> from, int count)
    {
        var take = Math.Min(count, from.Count);
        var chosen = new List<string>(take);
        while (chosen.Count < take)
        {
            var sku = from[random.Next(from.Count)];
            if (!chosen.Contains(sku, StringComparer.Ordinal))
            {
                chosen.Add(sku);
            }
        }

        return chosen;
    }
}
