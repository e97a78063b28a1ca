using Allocation.Client.Orders;
using Allocation.Client.Stores;
using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>The paid orders of the run after it: each in a known state its acknowledged steps allow, and listed at its stores.</summary>
internal static class OrderChecks
{
    public const string KnownStateName = "confirmed orders end in a known state";
    public const string ListedName = "confirmed orders listed at their stores";

    private static readonly OrderState[] OpenStates = [OrderState.Paid, OrderState.Picking, OrderState.InTransit, OrderState.Ready];

    /// <summary>
    /// Every order of a confirmed reservation reads back; one the harness saw collected or cancelled is so; one no ending
    /// call reached is open (an ending call without an answer allows its end too).
    /// </summary>
    public static InvariantCheck KnownState(IReadOnlyCollection<string> orderIds, IReadOnlyDictionary<string, ServiceAnswer<Order>> answers, IReadOnlyDictionary<string, TrackedOrder> tracked)
    {
        var violations = new ViolationList();
        foreach (var orderId in orderIds.Order(StringComparer.Ordinal))
        {
            var answer = answers.GetValueOrDefault(orderId);
            if (answer is not { IsOk: true, Value: { } order })
            {
                violations.Fail($"{orderId}: paid, but the order is unreadable ({answer?.Problem ?? "not read"})");
                continue;
            }

            var allowed = AllowedStates(tracked.GetValueOrDefault(orderId));
            if (!Enum.IsDefined(order.State) || !allowed.Contains(order.State))
            {
                violations.Fail($"{orderId}: {order.State} (allowed: {string.Join("/", allowed)})");
            }
            else
            {
                violations.Pass();
            }
        }

        return violations.ToCheck(KnownStateName, "every confirmed reservation's order reads back: collected or cancelled where the harness was told so, open (paid, picking, in transit, ready) otherwise");
    }

    public static IReadOnlySet<OrderState> AllowedStates(TrackedOrder? tracked)
    {
        if (tracked?.EndAcknowledged is { } end)
        {
            return new HashSet<OrderState> { end };
        }

        var allowed = new HashSet<OrderState>(OpenStates);
        if (tracked?.UnansweredEnd is { } maybe)
        {
            allowed.Add(maybe);
        }

        return allowed;
    }

    /// <summary>
    /// Each order is in its pickup store's list for its state, and each of its lines still committed at a source is in
    /// that source's pick list (in a wave or unassigned): a paid order its stores cannot see would never be picked.
    /// </summary>
    public static InvariantCheck Listed(
        IEnumerable<Order> orders, IReadOnlyDictionary<(string StoreId, OrderState State), ServiceAnswer<StoreOrders>> storeLists,
        IReadOnlyDictionary<string, ServiceAnswer<PickList>> pickLists)
    {
        var violations = new ViolationList();
        foreach (var order in orders.OrderBy(order => order.OrderId, StringComparer.Ordinal))
        {
            var problem = ListProblem(order, storeLists) ?? PickListProblem(order, pickLists);
            if (problem is null)
            {
                violations.Pass();
            }
            else
            {
                violations.Fail($"{order.OrderId}: {problem}");
            }
        }

        return violations.ToCheck(ListedName, "every order is in its pickup store's list for its state, and every line committed at a source is in that source's pick list");
    }

    private static string? ListProblem(Order order, IReadOnlyDictionary<(string StoreId, OrderState State), ServiceAnswer<StoreOrders>> storeLists)
    {
        var answer = storeLists.GetValueOrDefault((order.PickupStoreId, order.State));
        if (answer is not { IsOk: true, Value: { } list })
        {
            return $"the {order.State} list of {order.PickupStoreId} is unreadable ({answer?.Problem ?? "not read"})";
        }

        return list.Orders.Any(listed => listed.OrderId == order.OrderId) ? null : $"{order.State}, missing from the {order.State} list of its pickup store {order.PickupStoreId}";
    }

    private static string? PickListProblem(Order order, IReadOnlyDictionary<string, ServiceAnswer<PickList>> pickLists)
    {
        foreach (var line in order.Lines.Where(line => line.State == OrderLineState.Committed))
        {
            var answer = pickLists.GetValueOrDefault(line.SourceStoreId);
            if (answer is not { IsOk: true, Value: { } list })
            {
                return $"the pick list of {line.SourceStoreId} is unreadable ({answer?.Problem ?? "not read"})";
            }

            var lines = list.Waves.SelectMany(wave => wave.Lines).Concat(list.Unassigned);
            if (!lines.Any(listed => listed.OrderId == order.OrderId && listed.Sku == line.Sku))
            {
                return $"{line.Sku} committed at {line.SourceStoreId}, missing from its pick list";
            }
        }

        return null;
    }
}
