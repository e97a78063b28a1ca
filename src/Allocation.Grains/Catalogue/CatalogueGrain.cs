using Allocation.Contracts.Catalogue;
using Allocation.Grains.Common;

namespace Allocation.Grains.Catalogue;

internal sealed class CatalogueGrain(
    [PersistentState(StorageNames.CatalogueState, StorageNames.GrainStorage)] IPersistentState<CatalogueState> state) : Grain, ICatalogueGrain
{
    public async Task<CatalogueSummary> AddStores(IReadOnlyList<StoreEntry> stores)
    {
        foreach (var store in stores)
        {
            state.State.Stores[store.StoreId] = store;
        }

        await state.WriteStateAsync();
        return Summary();
    }

    public async Task<CatalogueSummary> AddSkus(IReadOnlyList<SkuEntry> skus)
    {
        foreach (var sku in skus)
        {
            state.State.Skus[sku.Sku] = sku;
        }

        await state.WriteStateAsync();
        return Summary();
    }

    public async Task MarkSeeded(string seedName)
    {
        if (!state.State.Seeds.Contains(seedName))
        {
            state.State.Seeds.Add(seedName);
            await state.WriteStateAsync();
        }
    }

    public Task<CatalogueCheck> Check(IReadOnlyList<string> skus, IReadOnlyList<string> stores) =>
        Task.FromResult(new CatalogueCheck(
            skus.Where(sku => !state.State.Skus.ContainsKey(sku)).Distinct().ToList(),
            stores.Where(store => !state.State.Stores.ContainsKey(store)).Distinct().ToList()));

    public Task<IReadOnlyList<StoreEntry>> GetStores() =>
        Task.FromResult<IReadOnlyList<StoreEntry>>(state.State.Stores.Values.OrderBy(store => store.StoreId, StringComparer.Ordinal).ToList());

    public Task<SkuEntry?> GetSku(string sku) => Task.FromResult(state.State.Skus.GetValueOrDefault(sku));

    public Task<CatalogueSummary> GetSummary() => Task.FromResult(Summary());

    private CatalogueSummary Summary() => new(
        state.State.Stores.Count,
        state.State.Stores.Values.Select(store => store.City).Distinct().Count(),
        state.State.Skus.Count,
        [.. state.State.Seeds]);
}
