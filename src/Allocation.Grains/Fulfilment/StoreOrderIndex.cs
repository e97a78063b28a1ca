using Allocation.Contracts.Orders;
using Allocation.Grains.Common;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// One store's order index (pure rules; <see cref="StoreOrdersGrain"/> is its shell). Open orders are listed by id and
/// asked for their state on every list; an order that has ended leaves the open set the first time a list sees it
/// ended, so a list costs what is open now, never the store's history. The most recent ended orders picked up here are
/// kept as summaries (at most <c>endedListedMax</c>), so the store can still show what was collected today without
/// asking those orders.
/// </summary>
internal sealed class StoreOrderIndex(string storeId, int endedListedMax)
{
    private readonly HashSet<string> open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndedStoreOrder> ended = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> OpenIds => open;

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

    /// <summary>True when the order is new to the index (its row is to be written); an ended order is never listed as open again.</summary>
    public bool Track(string orderId) => !ended.ContainsKey(orderId) && open.Add(orderId);

    /// <summary>Drops an id whose order no longer exists (its records passed their retention).</summary>
    public bool Forget(string orderId) => open.Remove(orderId);

    /// <summary>
    /// Moves an ended order out of the open set: a summary is kept when it was picked up here. Returns the summary kept
    /// (null when none) and the ids of the oldest kept summaries pushed out by it.
    /// </summary>
    public (EndedStoreOrder? Kept, IReadOnlyList<string> Evicted) Retire(OrderView order, DateTimeOffset now)
    {
        Invariant.Require(IsEnded(order.State), $"order {order.OrderId} retired while {order.State}");
        open.Remove(order.OrderId);
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
