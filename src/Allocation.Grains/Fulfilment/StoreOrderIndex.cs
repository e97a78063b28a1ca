using Allocation.Contracts.Orders;
using Allocation.Grains.Common;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// One store's order index (pure rules; <see cref="StoreOrdersGrain"/> is its shell). It holds the ids of the store's
/// open orders and, for each, the order's view as last heard: told by the order itself after each step it stores (an
/// order tells every store it has a line or its pickup at), or answered when a list asked. Lists are built from those
/// views, so a list costs what is open now in memory, never a call per order: each list waits only for the open
/// orders with no view yet (newly tracked, or tracked again because they gained a line here) and, so that a lost
/// tell cannot leave a view stale for long, asks a share of the others beside it, checked longest ago first, so that
/// each is asked at least once in <see cref="RecheckListsMax"/> lists. An answer asked before the order's latest track or tell here
/// changes nothing (tells and tracks interleave with lists). An order that has ended leaves the open set when it says
/// so or when a list sees it ended; the most recent ended orders picked up here are kept as summaries (at most
/// <c>endedListedMax</c>), so the store can still show what was collected today. Views are kept in memory only: a new
/// activation asks every open order once.
/// </summary>
internal sealed class StoreOrderIndex(string storeId, int endedListedMax)
{
    /// <summary>Lists within which each open order with a view is asked again at least once.</summary>
    public const int RecheckListsMax = 8;

    private readonly HashSet<string> open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeardOrder> views = new(StringComparer.Ordinal);

    /// <summary>The orders with a view, heard from longest ago first (view numbers are unique): the recheck's turn.</summary>
    private readonly SortedSet<(long ViewNumber, string OrderId)> turn = new(Comparer<(long ViewNumber, string OrderId)>.Create((first, second) => first.ViewNumber.CompareTo(second.ViewNumber)));

    /// <summary>The <see cref="HeardCount"/> at each open order's latest track or tell.</summary>
    private readonly Dictionary<string, long> heardAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndedStoreOrder> ended = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> OpenIds => open;

    public bool IsOpen(string orderId) => open.Contains(orderId);

    /// <summary>Tracks and tells so far: an answer asked for before an order's latest one may predate what it announced.</summary>
    public long HeardCount { get; private set; }

    /// <summary>Views noted so far, told or answered: the recheck asks the views with the lowest numbers first.</summary>
    private long viewCount;

    public IEnumerable<EndedStoreOrder> Ended => ended.Values;

    /// <summary>The open orders as last heard (those with no view yet are left out until they answer).</summary>
    public IEnumerable<OrderView> Views => views.Values.Select(heard => heard.View);

    /// <summary>
    /// The open orders the next list asks: every one with no view (<c>Unheard</c>: the list waits for them), and the
    /// share of the others heard from longest ago (<c>Recheck</c>: one in <see cref="RecheckListsMax"/>, rounded up),
    /// which go to the back of the turn now, so lists close together never ask the same ones.
    /// </summary>
    public (IReadOnlyList<string> Unheard, IReadOnlyList<string> Recheck) NextAsk()
    {
        var recheckCount = (views.Count + RecheckListsMax - 1) / RecheckListsMax;
        var recheck = turn.Take(recheckCount).Select(item => item.OrderId).ToList();
        foreach (var orderId in recheck)
        {
            Note(views[orderId].View);
        }

        return ([.. open.Where(id => !views.ContainsKey(id))], recheck);
    }

    /// <summary>True when the order is open here and has a view (told or answered).</summary>
    public bool IsHeard(string orderId) => views.ContainsKey(orderId);

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
    /// again. A tracked order may have gained a line here: its view is dropped until it tells or answers again.
    /// </summary>
    public bool Track(string orderId)
    {
        Drop(orderId);
        if (ended.ContainsKey(orderId))
        {
            return false;
        }

        heardAt[orderId] = ++HeardCount;
        return open.Add(orderId);
    }

    /// <summary>Drops an id whose order no longer exists (its records passed their retention).</summary>
    public bool Forget(string orderId)
    {
        Drop(orderId);
        heardAt.Remove(orderId);
        return open.Remove(orderId);
    }

    /// <summary>
    /// The order's own tell after a step it stored: the newest view there is (an order tells its stores one step
    /// after another). An order not open here (never tracked, ended, forgotten) changes nothing; an ended one is
    /// retired by the caller (<see cref="Retire"/>).
    /// </summary>
    public void Told(OrderView order)
    {
        if (!open.Contains(order.OrderId) || IsEnded(order.State))
        {
            return;
        }

        heardAt[order.OrderId] = ++HeardCount;
        Note(order);
    }

    /// <summary>
    /// Notes an open order's answer to a list, asked for when <see cref="HeardCount"/> was
    /// <paramref name="askedAtHeardCount"/>. An answer older than the order's latest track or tell changes nothing.
    /// </summary>
    public void Seen(OrderView order, long askedAtHeardCount)
    {
        if (!open.Contains(order.OrderId) || IsEnded(order.State) || heardAt.GetValueOrDefault(order.OrderId) > askedAtHeardCount)
        {
            return;
        }

        Note(order);
    }

    /// <summary>
    /// Moves an ended order out of the open set: a summary is kept when it was picked up here. Returns the summary kept
    /// (null when none) and the ids of the oldest kept summaries pushed out by it.
    /// </summary>
    public (EndedStoreOrder? Kept, IReadOnlyList<string> Evicted) Retire(OrderView order, DateTimeOffset now)
    {
        Invariant.Require(IsEnded(order.State), $"order {order.OrderId} retired while {order.State}");
        open.Remove(order.OrderId);
        Drop(order.OrderId);
        heardAt.Remove(order.OrderId);
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

    /// <summary>Keeps <paramref name="order"/> as its order's view, last in the recheck's turn.</summary>
    private void Note(OrderView order)
    {
        Drop(order.OrderId);
        var heard = new HeardOrder(order, ++viewCount);
        views[order.OrderId] = heard;
        turn.Add((heard.ViewNumber, order.OrderId));
    }

    private void Drop(string orderId)
    {
        if (views.Remove(orderId, out var heard))
        {
            turn.Remove((heard.ViewNumber, orderId));
        }

        Invariant.Require(turn.Count == views.Count, $"store {storeId}: recheck turn of {turn.Count} for {views.Count} views");
    }

    public static bool IsEnded(OrderState state) => state is OrderState.Collected or OrderState.Cancelled or OrderState.Expired;

    public static StoreOrderSummary SummaryOf(OrderView order) =>
        new(order.OrderId, order.State, order.ReadyBy, order.CollectBy, order.Lines.Count(line => line.State != OrderLineState.WrittenOff),
            order.Lines.Sum(line => line.Picked > 0 ? line.Picked : line.State == OrderLineState.Committed ? line.Quantity : 0), order.Late);
}

/// <summary>An open order's view as last heard (told or answered), numbered in the order views were heard.</summary>
internal sealed record HeardOrder(OrderView View, long ViewNumber);
