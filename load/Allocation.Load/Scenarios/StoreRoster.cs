using System.Collections.Concurrent;

namespace Allocation.Load.Scenarios;

/// <summary>
/// The stores with work for store staff: every store a confirmed order is picked at or collected from joins once, in
/// the order its first order came. A member of staff takes the next store (no two work one store at a time) and
/// hands it back at the end of the visit, so the stores are worked round-robin. A store with customers to serve
/// (orders ready for handover, or a transfer on its way there) is also queued as urgent, and every other visit goes
/// to the urgent queue first: on a peak day the counter is not left waiting for the whole round of stores.
/// </summary>
public sealed class StoreRoster
{
    private readonly ConcurrentDictionary<string, StoreDesk> desks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(StoreDesk Desk, long Ticket)> waiting = new();
    private readonly ConcurrentQueue<(StoreDesk Desk, long Ticket)> urgent = new();
    private long takes;

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
                waiting.Enqueue((desk, desk.Ticket));
            }
        }
    }

    /// <summary>The store has customers or arrivals to deal with: queue it as urgent too (a no-op for a store not on the roster).</summary>
    public void Nudge(string storeId)
    {
        if (desks.TryGetValue(storeId, out var desk))
        {
            desk.ExpectsArrivals = true;
            urgent.Enqueue((desk, desk.Ticket));
        }
    }

    /// <summary>The next store to work (urgent first on every other take), or null when every store with work is being worked.</summary>
    public StoreDesk? TryTake()
    {
        var urgentFirst = Interlocked.Increment(ref takes) % 2 == 0;
        return urgentFirst ? TryTakeFrom(urgent) ?? TryTakeFrom(waiting) : TryTakeFrom(waiting) ?? TryTakeFrom(urgent);
    }

    public void Return(StoreDesk desk)
    {
        var ticket = desk.Release();
        waiting.Enqueue((desk, ticket));
        if (desk.HasCustomers)
        {
            urgent.Enqueue((desk, ticket));
        }
    }

    /// <summary>A ticket is good while its desk is neither taken nor re-queued since; stale tickets are dropped.</summary>
    private static StoreDesk? TryTakeFrom(ConcurrentQueue<(StoreDesk Desk, long Ticket)> queue)
    {
        while (queue.TryDequeue(out var entry))
        {
            if (entry.Desk.TryTake(entry.Ticket))
            {
                return entry.Desk;
            }
        }

        return null;
    }
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
    private long ticket;

    public string StoreId => storeId;

    /// <summary>The desk's current queue ticket; odd while a member of staff holds it.</summary>
    public long Ticket => Interlocked.Read(ref ticket);

    /// <summary>Customers may be waiting: orders seen ready and not yet handed over, or a transfer on its way here.</summary>
    public bool HasCustomers => readySince.Count > 0 || ExpectsArrivals;

    /// <summary>A transfer was dispatched to this store since its last visit.</summary>
    public bool ExpectsArrivals { get; set; }

    /// <summary>Takes the desk if the ticket is still current (not taken, not re-queued since).</summary>
    public bool TryTake(long queued) => queued % 2 == 0 && Interlocked.CompareExchange(ref ticket, queued + 1, queued) == queued;

    /// <summary>Hands the desk back: a new ticket, which makes every older queue entry stale.</summary>
    public long Release() => Interlocked.Increment(ref ticket);

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

    /// <summary>Forgets orders no longer ready here (collected, cancelled or expired by someone else).</summary>
    public void KeepOnly(IReadOnlyCollection<string> readyOrderIds)
    {
        foreach (var orderId in readySince.Keys.Where(orderId => !readyOrderIds.Contains(orderId)).ToList())
        {
            readySince.Remove(orderId);
        }
    }

    public void Forget(string orderId)
    {
        readySince.Remove(orderId);
        ReadyCandidates.Remove(orderId);
    }
}
