using Allocation.Contracts.Orders;
using Allocation.Grains.Common;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// One store's order index (pure rules; <see cref="StoreOrdersGrain"/> is its shell). Open orders are listed by id and
/// asked for their state on every list; an order that has ended leaves the open set when it says so or the first time
/// a list sees it ended, so a list costs what is open now, never the store's history. The most recent ended orders
/// picked up here are kept as summaries (at most <c>endedListedMax</c>), so the store can still show what was collected
/// today without asking those orders. The pick list asks only the open orders that may have a line to pick here: an order last seen
/// with none (picked, in transit, waiting for collection) is not asked again until it is tracked here again, which is
/// how an order announces a line it gains at a store (its confirm, a move, a re-sourcing after a short pick); a line
/// never goes back to committed otherwise. Kept in memory only: a new activation asks every open order once.
/// </summary>
internal sealed class StoreOrderIndex(string storeId, int endedListedMax)
{
    private readonly HashSet<string> open = new(StringComparer.Ordinal);
    private readonly HashSet<string> nothingToPick = new(StringComparer.Ordinal);

    /// <summary>The <see cref="TrackCount"/> at each open order's latest track.</summary>
    private readonly Dictionary<string, long> trackedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndedStoreOrder> ended = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> OpenIds => open;

    public bool IsOpen(string orderId) => open.Contains(orderId);

    /// <summary>Tracks so far: an answer asked for before an order's latest track may predate the line it announced.</summary>
    public long TrackCount { get; private set; }

    /// <summary>The open orders the pick list asks: all but those last seen with no line to pick here.</summary>
    public IEnumerable<string> PickCandidateIds => open.Where(id => !nothingToPick.Contains(id));

    public IEnumerable<EndedStoreOrder> Ended => ended.Values;

    public void Restore(IEnumerable<string> openIds, IEnumerable<EndedStoreOrder> endedOrders)
    {
        open.UnionWith(openIds);
        foreach (var order in endedOrders)
        {
            ended[order.Summary.OrderId] = order;
            open.Remove(order.Summary.OrderId);
        }
    }

    /// <summary>
    /// True when the order is new to the index (its row is to be written); an ended order is never listed as open
    /// again. A tracked order may have gained a line here, so the pick list asks it again.
    /// </summary>
    public bool Track(string orderId)
    {
        nothingToPick.Remove(orderId);
        if (ended.ContainsKey(orderId))
        {
            return false;
        }

        trackedAt[orderId] = ++TrackCount;
        return open.Add(orderId);
    }

    /// <summary>Drops an id whose order no longer exists (its records passed their retention).</summary>
    public bool Forget(string orderId)
    {
        nothingToPick.Remove(orderId);
        trackedAt.Remove(orderId);
        return open.Remove(orderId);
    }

    /// <summary>
    /// Notes an open order's answer, asked for when <see cref="TrackCount"/> was <paramref name="askedAtTrackCount"/>:
    /// one with no committed line here leaves the pick list's questions until tracked again. An answer older than the
    /// order's latest track (tracks interleave with lists) changes nothing.
    /// </summary>
    public void Seen(OrderView order, long askedAtTrackCount)
    {
        if (!open.Contains(order.OrderId) || IsEnded(order.State) || trackedAt.GetValueOrDefault(order.OrderId) > askedAtTrackCount)
        {
            return;
        }

        if (order.Lines.Any(line => line.SourceStoreId == storeId && line.State == OrderLineState.Committed))
        {
            nothingToPick.Remove(order.OrderId);
        }
        else
        {
            nothingToPick.Add(order.OrderId);
        }
    }

    /// <summary>
    /// Moves an ended order out of the open set: a summary is kept when it was picked up here. Returns the summary kept
    /// (null when none) and the ids of the oldest kept summaries pushed out by it.
    /// </summary>
    public (EndedStoreOrder? Kept, IReadOnlyList<string> Evicted) Retire(OrderView order, DateTimeOffset now)
    {
        Invariant.Require(IsEnded(order.State), $"order {order.OrderId} retired while {order.State}");
        open.Remove(order.OrderId);
        nothingToPick.Remove(order.OrderId);
        trackedAt.Remove(order.OrderId);
        if (order.PickupStoreId != storeId || endedListedMax == 0)
        {
            return (null, []);
        }

        var kept = new EndedStoreOrder(SummaryOf(order), order.ClosedAt ?? now);
        ended[order.OrderId] = kept;
        var evicted = ended.Values.OrderBy(item => item.EndedAt).ThenBy(item => item.Summary.OrderId, StringComparer.Ordinal)
            .Take(Math.Max(0, ended.Count - endedListedMax)).Select(item => item.Summary.OrderId).ToList();
        foreach (var id in evicted)
        {
            ended.Remove(id);
        }

        return (ended.ContainsKey(order.OrderId) ? kept : null, evicted);
    }

    public static bool IsEnded(OrderState state) => state is OrderState.Collected or OrderState.Cancelled or OrderState.Expired;

    public static StoreOrderSummary SummaryOf(OrderView order) =>
        new(order.OrderId, order.State, order.ReadyBy, order.CollectBy, order.Lines.Count(line => line.State != OrderLineState.WrittenOff),
            order.Lines.Sum(line => line.Picked > 0 ? line.Picked : line.State == OrderLineState.Committed ? line.Quantity : 0), order.Late);
}
