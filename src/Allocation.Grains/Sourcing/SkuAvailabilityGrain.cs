using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Orleans.Concurrency;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// In-memory index of one SKU's availability per store, fed by the stock grains. On activation (after a restart, say)
/// it asks every store's stock grain once, so the solver never plans against an empty index.
/// </summary>
internal sealed class SkuAvailabilityGrain : Grain, ISkuAvailabilityGrain
{
    private readonly Dictionary<string, (int Available, long Sequence)> stores = new(StringComparer.Ordinal);
    private StoreAvailability[]? available;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenantId, sku) = SkuKey.FromGrainKey(this.GetPrimaryKeyString());
        var known = await GrainFactory.GetGrain<ICatalogueGrain>(tenantId).GetStores();
        // Asked from the grain's own turn (not a thread-pool loop), so every answer lands on this activation.
        var views = await Task.WhenAll(known.Select(store =>
            GrainFactory.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store.StoreId).ToGrainKey()).GetView()));
        foreach (var view in views)
        {
            Record(view.Key.StoreId, view.Counts.Available, view.LedgerSequence);
        }
    }

    public Task Report(string storeId, int available, long sequence)
    {
        Record(storeId, available, sequence);
        return Task.CompletedTask;
    }

    public Task<Immutable<StoreAvailability[]>> GetAvailable()
    {
        // Rebuilt only after a report changed something: reports are rare, reads come with every micro-batch.
        available ??= [.. stores.Where(pair => pair.Value.Available > 0).Select(pair => new StoreAvailability(pair.Key, pair.Value.Available))];
        return Task.FromResult(new Immutable<StoreAvailability[]>(available));
    }

    private void Record(string storeId, int available, long sequence)
    {
        if (!stores.TryGetValue(storeId, out var known) || known.Sequence <= sequence)
        {
            stores[storeId] = (available, sequence);
            this.available = null;
        }
    }
}
