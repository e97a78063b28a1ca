using Allocation.Contracts.Sourcing;
using Allocation.Planning;
using Allocation.Planning.Model;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// A silo's copy of a tenant's pick load, refreshed with only what changed before each micro-batch is planned.
/// Shared by a tenant's batcher and its promises: each call refreshes after the one before it has finished, so the
/// copy is never refreshed twice at once (a chain of tasks; only the link is taken under a lock).
/// </summary>
internal sealed class PickLoadView(IPickLoadGrain index)
{
    private readonly Dictionary<string, CapacityUsage[]> loadsByStore = new(StringComparer.Ordinal);
    private readonly Lock chain = new();
    private Task latest = Task.CompletedTask;
    private Guid epoch;
    private long version;

    /// <summary>Picks booked at every store in the current hour and later, as the planner takes them.</summary>
    public Task<IReadOnlyList<CapacityUsage>> UsageAsync(DateTimeOffset now)
    {
        lock (chain)
        {
            var usage = UsageAfterAsync(latest, now);
            latest = usage;
            return usage;
        }
    }

    private async Task<IReadOnlyList<CapacityUsage>> UsageAfterAsync(Task previous, DateTimeOffset now)
    {
        // WhenAny never throws: a failed refresh before this one fails only its own caller.
        await Task.WhenAny(previous);
        await RefreshAsync();
        var currentHour = PickCapacity.HourStartOf(now);
        return [.. loadsByStore.Values.SelectMany(loads => loads).Where(load => load.BucketStart >= currentHour)];
    }

    private async Task RefreshAsync()
    {
        var changes = await index.GetChangesSince(epoch, version);
        if (changes.Epoch != epoch)
        {
            // The index was rebuilt: its answer is complete, and nothing held from before can be trusted.
            loadsByStore.Clear();
        }

        foreach (var storeId in changes.ChangedStoreIds)
        {
            loadsByStore.Remove(storeId);
        }

        foreach (var group in changes.Loads.GroupBy(load => load.StoreId, StringComparer.Ordinal))
        {
            loadsByStore[group.Key] = [.. group.Select(load => new CapacityUsage(load.StoreId, load.HourStart, load.Picks))];
        }

        (epoch, version) = (changes.Epoch, changes.Version);
    }
}
