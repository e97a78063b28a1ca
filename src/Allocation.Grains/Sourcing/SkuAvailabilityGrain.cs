using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Orleans.Concurrency;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// In-memory index of one SKU's availability per store, fed by the stock grains. On activation (after a restart, say)
/// it starts from the newest ledger entry of every store (one query), so the solver never plans against an empty
/// index and no store's stock grain is activated only to be asked. Units held at that entry count as available: a
/// hold may have expired since, and a store whose stock grain is not active would otherwise stay hidden until someone
/// touched it. The index is advisory: a stock grain refuses what it does not have and corrects the index at once.
/// </summary>
internal sealed class SkuAvailabilityGrain(ILedgerStore ledger) : Grain, ISkuAvailabilityGrain
{
    private readonly Dictionary<string, (int Available, long Sequence)> stores = new(StringComparer.Ordinal);
    private StoreAvailability[]? available;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenantId, sku) = SkuKey.FromGrainKey(this.GetPrimaryKeyString());
        var known = (await GrainFactory.GetGrain<ICatalogueGrain>(tenantId).GetStores()).Select(store => store.StoreId).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in await ledger.NewestEntriesAsync(tenantId, sku, cancellationToken))
        {
            if (known.Contains(entry.Key.StoreId))
            {
                Record(entry.Key.StoreId, Math.Max(0, (entry.After with { Held = 0 }).Unpromised), entry.Sequence);
            }
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
