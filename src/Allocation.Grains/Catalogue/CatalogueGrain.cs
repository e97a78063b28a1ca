using Allocation.Contracts;
using Allocation.Contracts.Catalogue;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Catalogue;

/// <summary>
/// The tenant's stores and SKUs. Stores (bounded by the network's location limit) and seed names stay in grain state;
/// SKUs are one grain record each, written through the ledger's group commit, so adding one SKU writes one small row
/// however large the catalogue is. Memory changes only after the write is durable; a failed write stops the
/// activation serving until it reloads.
/// </summary>
internal sealed class CatalogueGrain(
    [PersistentState(StorageNames.CatalogueState, StorageNames.GrainStorage)] IPersistentState<CatalogueState> state,
    GrainRecords records,
    IOptions<CatalogueOptions> options) : Grain, ICatalogueGrain
{
    private readonly Dictionary<string, SkuEntry> skus = new(StringComparer.Ordinal);
    private RecordOwner skuOwner;
    private DurableActivation activation = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activation = new DurableActivation(this, "the catalogue");
        skuOwner = new RecordOwner(StorageNames.CatalogueSkuRecord, this.GetPrimaryKeyString());
        foreach (var (_, entry) in await records.ReadAsync<SkuEntry>(skuOwner))
        {
            skus[entry.Sku] = entry;
        }

        // Catalogues written before SKUs were records kept them in the grain state: move them out once.
        if (state.State.Skus.Count > 0)
        {
            await WriteSkusAsync(state.State.Skus.Values.Where(sku => !skus.ContainsKey(sku.Sku)).ToList());
            state.State.Skus.Clear();
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<CatalogueSummary> AddStores(IReadOnlyList<StoreEntry> stores)
    {
        activation.EnsureServing();
        foreach (var store in stores)
        {
            state.State.Stores[store.StoreId] = store;
        }

        await state.WriteStateAsync();
        return Summary();
    }

    public async Task<SkuAddResult> AddSkus(IReadOnlyList<SkuEntry> entries)
    {
        activation.EnsureServing();
        Invariant.Require(entries.Count <= CatalogueLimits.SkusPerCallMax, $"{entries.Count} SKUs in one call");
        var changed = entries.DistinctBy(entry => entry.Sku).Where(entry => skus.GetValueOrDefault(entry.Sku) != entry).ToList();
        var added = changed.Count(entry => !skus.ContainsKey(entry.Sku));
        if (skus.Count + added > options.Value.SkusPerTenantMax)
        {
            return new SkuAddResult(false, 0, Summary());
        }

        await WriteSkusAsync(changed);
        return new SkuAddResult(true, changed.Count, Summary());
    }

    public async Task MarkSeeded(string seedName)
    {
        activation.EnsureServing();
        if (!state.State.Seeds.Contains(seedName))
        {
            state.State.Seeds.Add(seedName);
            await state.WriteStateAsync();
        }
    }

    public Task<CatalogueCheck> Check(IReadOnlyList<string> skuIds, IReadOnlyList<string> stores)
    {
        activation.EnsureServing();
        return Task.FromResult(new CatalogueCheck(
            skuIds.Where(sku => !skus.ContainsKey(sku)).Distinct().ToList(),
            stores.Where(store => !state.State.Stores.ContainsKey(store)).Distinct().ToList()));
    }

    public Task<IReadOnlyList<StoreEntry>> GetStores() =>
        Task.FromResult<IReadOnlyList<StoreEntry>>(state.State.Stores.Values.OrderBy(store => store.StoreId, StringComparer.Ordinal).ToList());

    public Task<SkuEntry?> GetSku(string sku)
    {
        activation.EnsureServing();
        return Task.FromResult(skus.GetValueOrDefault(sku));
    }

    public Task<CatalogueSummary> GetSummary() => Task.FromResult(Summary());

    private async Task WriteSkusAsync(IReadOnlyList<SkuEntry> changed)
    {
        // Appended together, so they share one group commit; all must be durable before any is served. Some may be
        // stored and some not if it fails: the activation reloads what is, instead of guessing.
        await activation.WriteOrFailAsync(Task.WhenAll(changed.Select(entry => records.WriteAsync(new RecordKey(skuOwner, entry.Sku), entry, null))));

        foreach (var entry in changed)
        {
            skus[entry.Sku] = entry;
        }
    }


    private CatalogueSummary Summary() => new(
        state.State.Stores.Count,
        state.State.Stores.Values.Select(store => store.City).Distinct().Count(),
        skus.Count,
        [.. state.State.Seeds]);
}
