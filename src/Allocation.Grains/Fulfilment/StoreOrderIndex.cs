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
/// never goes back to committed otherwise. The handover list does not ask the open orders that are settled for it:
/// those last seen ready for collection (they change only by ending, which they tell their stores; listed from the
/// summary of that answer) and those picked up at another store (never listed here). Each handover list asks the
/// settled orders checked longest ago again, a share of them so that each is asked at least once in
/// <see cref="SettledRecheckListsMax"/> lists: an end whose tell was lost leaves the list within those lists. Kept in
/// memory only: a new activation asks every open order once.
/// </summary>
internal sealed class StoreOrderIndex(string storeId, int endedListedMax)
{
    /// <summary>Handover lists within which each settled order is asked again at least once.</summary>
    public const int SettledRecheckListsMax = 8;

    private readonly HashSet<string> open = new(StringComparer.Ordinal);
    private readonly HashSet<string> nothingToPick = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SettledOrder> settled = new(StringComparer.Ordinal);

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

    /// <summary>Handover lists planned so far (<see cref="NextOrderList"/>).</summary>
    public long OrderListCount { get; private set; }

    /// <summary>The open orders the transfer list asks: all but those last seen ready for collection (no transfer left).</summary>
    public IEnumerable<string> TransferCandidateIds => open.Where(id => settled.GetValueOrDefault(id)?.Summary.State != OrderState.Ready);

    /// <summary>
    /// The next handover list: the open orders to ask (all not settled, and the share of the settled ones checked
    /// longest ago) and the summaries of the settled orders listed here that are not asked.
    /// </summary>
    public (IReadOnlyList<string> Ask, IReadOnlyList<StoreOrderSummary> Known) NextOrderList()
    {
        OrderListCount++;
        var recheckCount = (settled.Count + SettledRecheckListsMax - 1) / SettledRecheckListsMax;
        var recheck = settled.OrderBy(pair => pair.Value.CheckedAtList).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(recheckCount).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        var ask = open.Where(id => !settled.ContainsKey(id) || recheck.Contains(id)).ToList();
        var known = settled.Where(pair => pair.Value.ListedHere && !recheck.Contains(pair.Key)).Select(pair => pair.Value.Summary).ToList();
        return (ask, known);
    }

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
        settled.Remove(orderId);
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
        settled.Remove(orderId);
        trackedAt.Remove(orderId);
        return open.Remove(orderId);
    }

    /// <summary>
    /// Notes an open order's answer, asked for when <see cref="TrackCount"/> was <paramref name="askedAtTrackCount"/>:
    /// one with no committed line here leaves the pick list's questions until tracked again, and one ready for collection
    /// or picked up elsewhere is settled for the handover list. An answer older than the order's latest track (tracks
    /// interleave with lists) changes nothing.
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

        if (order.State == OrderState.Ready || order.PickupStoreId != storeId)
        {
            settled[order.OrderId] = new SettledOrder(SummaryOf(order), order.PickupStoreId == storeId, OrderListCount);
        }
        else
        {
            settled.Remove(order.OrderId);
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
        settled.Remove(order.OrderId);
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

/// <summary>An open order the handover list need not ask: its summary as last seen, whether it is listed here, and the list that asked it.</summary>
internal sealed record SettledOrder(StoreOrderSummary Summary, bool ListedHere, long CheckedAtList);
