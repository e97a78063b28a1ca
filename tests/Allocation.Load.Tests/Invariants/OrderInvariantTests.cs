using Allocation.Client.Orders;
using Allocation.Client.Stores;
using Allocation.Load.Invariants;
using Allocation.Load.Service;
using Allocation.Load.Tests.Support;

namespace Allocation.Load.Tests.Invariants;

public sealed class OrderInvariantTests
{
    [Fact]
    public void KnownState_CollectedAcknowledgedButServiceSaysReady_IsAViolation()
    {
        var tracked = new TrackedOrder("o1") { EndAcknowledged = OrderState.Collected };

        var check = OrderChecks.KnownState(["o1", "o2"], Answers(Order("o1", OrderState.Ready), Order("o2", OrderState.Picking)), Tracked(tracked));

        Assert.Equal((2, 1), (check.Checked, check.Violations));
        Assert.Contains("o1: Ready", check.Examples[0], StringComparison.Ordinal);
    }

    [Fact]
    public void KnownState_CancelledWithoutAnyEndingCall_IsAViolation()
    {
        var check = OrderChecks.KnownState(["o1"], Answers(Order("o1", OrderState.Cancelled)), Tracked());

        Assert.False(check.Passed);
    }

    [Fact]
    public void KnownState_CollectUnansweredAndCollected_Passes()
    {
        var tracked = new TrackedOrder("o1") { UnansweredEnd = OrderState.Collected };

        var check = OrderChecks.KnownState(["o1"], Answers(Order("o1", OrderState.Collected)), Tracked(tracked));

        Assert.True(check.Passed);
    }

    [Fact]
    public void KnownState_PaidOrderUnreadable_IsAViolation()
    {
        var check = OrderChecks.KnownState(["o1"], new Dictionary<string, ServiceAnswer<Order>> { ["o1"] = ServiceAnswers.Failure<Order>(500, "boom") }, Tracked());

        Assert.Contains("unreadable", Assert.Single(check.Examples), StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_PaidOrderMissingFromItsSourcesPickList_IsAViolation()
    {
        var order = Order("o1", OrderState.Paid) with { Lines = [FakeStoreOperations.Line("SKU-A", "S2", 1)] };
        var lists = StoreList("S1", OrderState.Paid, "o1");
        var pickLists = new Dictionary<string, ServiceAnswer<PickList>> { ["S2"] = ServiceAnswers.Success(200, new PickList("S2", 10, [], [])) };

        var check = OrderChecks.Listed([order], lists, pickLists);

        Assert.Contains("missing from its pick list", Assert.Single(check.Examples), StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_ReadyOrderMissingFromItsPickupStoresReadyList_IsAViolation()
    {
        var order = Order("o1", OrderState.Ready) with { Lines = [FakeStoreOperations.Line("SKU-A", "S1", 1, OrderLineState.AtPickupStore, picked: 1)] };

        var check = OrderChecks.Listed([order], StoreList("S1", OrderState.Ready), new Dictionary<string, ServiceAnswer<PickList>>());

        Assert.Contains("missing from the Ready list", Assert.Single(check.Examples), StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_EveryOrderWhereItBelongs_Passes()
    {
        var order = Order("o1", OrderState.Paid) with { Lines = [FakeStoreOperations.Line("SKU-A", "S2", 1)] };
        var pickLists = new Dictionary<string, ServiceAnswer<PickList>>
        {
            ["S2"] = ServiceAnswers.Success(200, new PickList("S2", 10, [], [FakeStoreOperations.PickLine("o1", "SKU-A", 1, "S1")])),
        };

        var check = OrderChecks.Listed([order], StoreList("S1", OrderState.Paid, "o1"), pickLists);

        Assert.Equal((1, 0), (check.Checked, check.Violations));
    }

    [Fact]
    public void Conservation_PickedDispatchedAndCollected_BalancesExactly()
    {
        // 10 units at S1 before; a till sold 1; an order picked 2 at S1 and they were handed over at S9; 1 more is in transit.
        var baseline = Stock(("S1", 10, 0), ("S9", 0, 0));
        var after = Stock(("S1", 6, 0), ("S9", 0, 1));
        var movements = new[] { new MovementRecord(MovementKind.Sale, new SkuStore("SKU-A", "S1"), 1, "d1") { Applied = true } };
        var orders = new[]
        {
            Order("o1", OrderState.Collected) with { Lines = [FakeStoreOperations.Line("SKU-A", "S1", 2, OrderLineState.Collected, picked: 2)] },
            Order("o2", OrderState.InTransit) with { Lines = [FakeStoreOperations.Line("SKU-A", "S1", 1, OrderLineState.InTransit, picked: 1)] },
        };

        var units = UnitConservation.Compute(baseline, after, movements, orders);

        Assert.Equal(0, units["SKU-A"].Corrections);
        Assert.True(UnitConservation.Check(units).Passed);
    }

    [Fact]
    public void Conservation_UnitsVanishBeyondTheWriteOffs_IsAViolation()
    {
        var baseline = Stock(("S1", 10, 0));
        var after = Stock(("S1", 6, 0));
        var orders = new[] { Order("o1", OrderState.Picking) with { Lines = [FakeStoreOperations.Line("SKU-A", "S1", 3, OrderLineState.Picked, picked: 2, writtenOff: 1)] } };

        var units = UnitConservation.Compute(baseline, after, [], orders);

        Assert.Equal(-2, units["SKU-A"].Corrections);
        Assert.False(UnitConservation.Check(units).Passed);
    }

    [Fact]
    public void Conservation_UnitsAppearWithoutAShortfallToExplainThem_IsAViolation()
    {
        var units = UnitConservation.Compute(Stock(("S1", 5, 0)), Stock(("S1", 6, 0)), [], []);

        Assert.False(UnitConservation.Check(units).Passed);
    }

    [Fact]
    public void Conservation_PickFoundAfterATillSaleLeftAShortfall_IsExplained()
    {
        // A till sold 3 of 3 committed units (shortfall 3); the picker found all 3: the book is raised by 3, then picked.
        var movements = new[] { new MovementRecord(MovementKind.Sale, new SkuStore("SKU-A", "S1"), 3, "d1") { Applied = true, ShortfallCaused = 3 } };
        var orders = new[] { Order("o1", OrderState.Picking) with { Lines = [FakeStoreOperations.Line("SKU-A", "S1", 3, OrderLineState.Picked, picked: 3)] } };

        var units = UnitConservation.Compute(Stock(("S1", 3, 0)), Stock(("S1", 0, 0)), movements, orders);

        Assert.Equal(3, units["SKU-A"].Corrections);
        Assert.True(UnitConservation.Check(units).Passed);
    }

    private static Order Order(string orderId, OrderState state) => FakeStoreOperations.NewOrder(orderId, "S1") with { State = state };

    private static Dictionary<string, ServiceAnswer<Order>> Answers(params Order[] orders) =>
        orders.ToDictionary(order => order.OrderId, order => ServiceAnswers.Success(200, order), StringComparer.Ordinal);

    private static Dictionary<string, TrackedOrder> Tracked(params TrackedOrder[] orders) => orders.ToDictionary(order => order.OrderId, StringComparer.Ordinal);

    private static Dictionary<(string StoreId, OrderState State), ServiceAnswer<StoreOrders>> StoreList(string storeId, OrderState state, params string[] orderIds) => new()
    {
        [(storeId, state)] = ServiceAnswers.Success(200, new StoreOrders(storeId, state, new Dictionary<OrderState, int>(),
            orderIds.Select(orderId => new StoreOrderSummary(orderId, state, null, null, 1, 1, false)).ToList())),
    };

    private static Dictionary<SkuStore, StockReply> Stock(params (string StoreId, int OnHand, int InTransit)[] rows) =>
        rows.ToDictionary(row => new SkuStore("SKU-A", row.StoreId), row => new StockReply("SKU-A", row.StoreId, row.OnHand, 0, 0, 0, row.OnHand, 0, row.InTransit));
}
