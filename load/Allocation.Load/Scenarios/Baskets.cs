using Allocation.Load.Profiles;
using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>How each checkout scenario fills its basket from the pool.</summary>
public static class Baskets
{
    /// <summary>Hot SKUs only; the solver sources them for a random pickup store, or the shopper's store is named.</summary>
    public static Func<Random, Basket> FlashSale(ScenarioProfile profile, LoadPool pool) => random =>
    {
        var store = pool.RandomStore(random);
        var named = profile.Allocation == FlashAllocation.NamedStore;
        var lines = Lines(random, profile, pool.HotSkus, named ? store : null);
        return new Basket(lines, named ? null : store);
    };

    /// <summary>Any SKUs of the pool; only the pickup store is named and the solver chooses the source stores.</summary>
    public static Func<Random, Basket> ClickAndCollect(ScenarioProfile profile, LoadPool pool) => random =>
        new Basket(Lines(random, profile, pool.Skus, storeId: null), pool.RandomStore(random));

    /// <summary>Any SKUs of the pool, every line at the shopper's chosen store (no allocation).</summary>
    public static Func<Random, Basket> NamedStore(ScenarioProfile profile, LoadPool pool) => random =>
        new Basket(Lines(random, profile, pool.Skus, pool.RandomStore(random)), null);

    private static List<ReserveLineCommand> Lines(Random random, ScenarioProfile profile, IReadOnlyList<string> skus, string? storeId)
    {
        var count = random.Next(profile.LinesMin, profile.LinesMax + 1);
        return LoadPool.DistinctSkus(random, skus, count)
            .Select(sku => new ReserveLineCommand(sku, storeId, random.Next(1, profile.QuantityMax + 1)))
            .ToList();
    }
}
