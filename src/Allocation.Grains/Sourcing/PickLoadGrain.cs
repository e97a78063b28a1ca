using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Sourcing;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// A tenant's pick load in memory, fed by the stores' pick schedules. On activation it starts asking every known store
/// once, so the solver does not plan against an empty index for long after a restart, but it answers at once with what
/// it knows so far: waiting for 400 schedules to activate held the first plans after a restart for seconds (measured,
/// docs/benchmarks.md section 6b). The index is advisory, as before: a plan made on a partial view is refused by the
/// store's schedule and planned again. Readers keep a copy and ask only for what changed.
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
        // Not awaited: each answer lands in this activation's own turns (the schedules also report on activation).
        foreach (var store in known)
        {
            _ = AskAsync(tenantId, store.StoreId);
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

    /// <summary>One store's load as its schedule answers it; a report that came first is newer and is kept.</summary>
    private async Task AskAsync(string tenantId, string storeId)
    {
        try
        {
            var loads = await GrainFactory.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, storeId).ToGrainKey()).GetLoad();
            if (loads.Count > 0 && !stores.ContainsKey(storeId))
            {
                stores[storeId] = new StoreLoad(loads, Sequence: -1, ++version);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Advisory: the store's schedule reports its load itself whenever it changes (and when it activates).
        }
    }

    private sealed record StoreLoad(IReadOnlyList<HourLoad> Loads, long Sequence, long Version);
}
