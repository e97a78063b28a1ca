using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Sourcing;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// A tenant's pick load in memory, fed by the stores' pick schedules. On activation it asks every known store once, so
/// the solver never plans against an empty index after a restart. Readers keep a copy and ask only for what changed.
/// </summary>
internal sealed class PickLoadGrain : Grain, IPickLoadGrain
{
    private readonly Dictionary<string, StoreLoad> stores = new(StringComparer.Ordinal);
    private readonly Guid epoch = Guid.NewGuid();
    private long version;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var tenantId = this.GetPrimaryKeyString();
        var known = await GrainFactory.GetGrain<ICatalogueGrain>(tenantId).GetStores();
        var loads = await Task.WhenAll(known.Select(async store =>
            (store.StoreId, Loads: await GrainFactory.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, store.StoreId).ToGrainKey()).GetLoad())));
        foreach (var (store, storeLoads) in loads.Where(item => item.Loads.Count > 0))
        {
            stores[store] = new StoreLoad(storeLoads, Sequence: -1, ++version);
        }
    }

    public Task Report(string storeId, IReadOnlyList<HourLoad> loads, long sequence)
    {
        if (!stores.TryGetValue(storeId, out var known) || known.Sequence < sequence)
        {
            stores[storeId] = new StoreLoad(loads, sequence, ++version);
        }

        return Task.CompletedTask;
    }

    public Task<PickLoadChanges> GetChangesSince(Guid readerEpoch, long readerVersion)
    {
        var since = readerEpoch == epoch ? readerVersion : 0;
        var changed = stores.Where(pair => pair.Value.Version > since).ToList();
        return Task.FromResult(new PickLoadChanges(
            epoch,
            version,
            [.. changed.Select(pair => pair.Key)],
            [.. changed.SelectMany(pair => pair.Value.Loads)]));
    }

    private sealed record StoreLoad(IReadOnlyList<HourLoad> Loads, long Sequence, long Version);
}
