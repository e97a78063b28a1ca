using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>
/// The SKUs and pickup stores the load draws on. Every SKU-store the solver may source from (the pickup stores and
/// every other location, distribution centres included) is read before and checked after the run.
/// </summary>
public sealed record LoadPool(IReadOnlyList<string> Skus, IReadOnlyList<string> HotSkus, IReadOnlyList<string> Stores, IReadOnlyList<string> SourceStores)
{
    public IEnumerable<SkuStore> SkuStores => Skus.SelectMany(sku => SourceStores.Select(store => new SkuStore(sku, store)));

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
