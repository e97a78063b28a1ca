using System.Collections.Concurrent;

namespace Allocation.Load.Scenarios;

/// <summary>
/// The stores with work for store staff: every store a confirmed order is picked at or collected from joins once, in
/// the order its first order came. A member of staff takes the next store (no two work one store at a time) and
/// hands it back at the end of the visit, so the stores are worked round-robin.
/// </summary>
public sealed class StoreRoster
{
    private readonly ConcurrentDictionary<string, StoreDesk> desks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StoreDesk> waiting = new();

    public int Count => desks.Count;

    /// <summary>The order's pickup store (when the checkout named one) and source stores join the roster (each once).</summary>
    public void OrderConfirmed(string? pickupStoreId, IEnumerable<string> sourceStoreIds)
    {
        var stores = pickupStoreId is null ? sourceStoreIds : sourceStoreIds.Prepend(pickupStoreId);
        foreach (var storeId in stores.Distinct(StringComparer.Ordinal))
        {
            var added = false;
            var desk = desks.GetOrAdd(storeId, id =>
            {
                added = true;
                return new StoreDesk(id);
            });
            if (added)
            {
                waiting.Enqueue(desk);
            }
        }
    }

    /// <summary>The store waiting longest, or null when every store with work is being worked.</summary>
    public StoreDesk? TryTake() => waiting.TryDequeue(out var desk) ? desk : null;

    public void Return(StoreDesk desk) => waiting.Enqueue(desk);
}

/// <summary>
/// What the staff of one store keep between visits: their wave and request counters, orders to mark ready, and when
/// they first saw each order ready (the start of its customer's clock). Only the member of staff holding the desk
/// touches it.
/// </summary>
public sealed class StoreDesk(string storeId)
{
    private readonly Dictionary<string, TimeSpan> readySince = new(StringComparer.Ordinal);
    private long requests;

    public string StoreId => storeId;

    /// <summary>Orders whose every unit is here (picked here or received) but not yet marked ready.</summary>
    public HashSet<string> ReadyCandidates { get; } = new(StringComparer.Ordinal);

    /// <summary>A request id of this store no other request of the run uses.</summary>
    public string NextRequestId(string runId, string step) => $"{runId}-{storeId}-{step}{++requests}";

    /// <summary>When the order was first seen ready (run time); the first call sets it.</summary>
    public TimeSpan ReadySince(string orderId, TimeSpan now)
    {
        if (!readySince.TryGetValue(orderId, out var since))
        {
            since = now;
            readySince[orderId] = since;
        }

        return since;
    }

    public void Forget(string orderId)
    {
        readySince.Remove(orderId);
        ReadyCandidates.Remove(orderId);
    }
}
