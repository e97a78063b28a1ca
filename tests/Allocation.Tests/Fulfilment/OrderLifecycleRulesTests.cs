using Allocation.Contracts.Orders;
using Allocation.Grains.Fulfilment;

namespace Allocation.Tests.Fulfilment;

/// <summary>The order's pure rules, step by step, without a cluster: who may take each step, and what it does to the record.</summary>
public sealed class OrderLifecycleRulesTests
{
    private const string Id = "o-1";
    private const string Pickup = "P";
    private const string Source = "S";

    [Fact]
    public void WaveRefusal_OtherStoreOrEndedOrder_RefusedAndPaidAtTheStoreTaken()
    {
        var order = Order(OrderState.Paid, Line(Source, 2), Line(Pickup, 1));

        Assert.Equal(OrderActionOutcome.NotThisStore, OrderLifecycle.WaveRefusal(Id, order, "X")!.Outcome);
        Assert.Null(OrderLifecycle.WaveRefusal(Id, order, Source));
        OrderLifecycle.StartWave(order, Source, "S-w1");
        Assert.Equal((OrderState.Picking, "S-w1", null), (order.State, order.Lines[0].WaveId, order.Lines[1].WaveId));
        Assert.False(OrderLifecycle.IsUnassigned(order.Lines[0], Source));
        Assert.Equal((OrderActionOutcome.IllegalTransition, "Ready"), Outcome(OrderLifecycle.WaveRefusal(Id, Order(OrderState.Ready, Line(Source, 1)), Source)));
    }

    [Theory]
    [InlineData(0, OrderLineState.WrittenOff, 0, 3)]
    [InlineData(2, OrderLineState.Picked, 2, 1)]
    [InlineData(3, OrderLineState.Picked, 3, 0)]
    public void ConfirmPick_AnyFoundUpToTheLine_SetsPickedWrittenOffAndState(int found, OrderLineState state, int picked, int writtenOff)
    {
        var order = Order(OrderState.Paid, Line(Source, 3));
        Assert.Null(OrderLifecycle.PickRefusal(Id, order, Source, "SKU", found));

        OrderLifecycle.ConfirmPick(order, OrderLifecycle.LineToPick(order, Source, "SKU"), found);

        Assert.Equal((state, picked, writtenOff, OrderState.Picking), (order.Lines[0].State, order.Lines[0].Picked, order.Lines[0].WrittenOff, order.State));
        OrderLifecycle.CheckInvariants(Id, order);
        Assert.Equal(found == 0, OrderLifecycle.NothingLeft(order));
    }

    [Fact]
    public void ConfirmPick_AtThePickupStore_IsAtThePickupStoreAndReadyMayFollow()
    {
        var order = Order(OrderState.Picking, Line(Pickup, 2));

        OrderLifecycle.ConfirmPick(order, order.Lines[0], 2);

        Assert.Equal(OrderLineState.AtPickupStore, order.Lines[0].State);
        Assert.Null(OrderLifecycle.ReadyRefusal(Id, order, Pickup));
        Assert.Equal(OrderActionOutcome.NotThisStore, OrderLifecycle.ReadyRefusal(Id, order, Source)!.Outcome);
    }

    [Fact]
    public void PickRefusal_UnknownSkuTooManyTwiceOrEnded_NamesFieldOrState()
    {
        var order = Order(OrderState.Picking, Line(Source, 2));

        Assert.Equal((OrderActionOutcome.Invalid, "sku"), Field(OrderLifecycle.PickRefusal(Id, order, Source, "OTHER", 1)));
        Assert.Equal((OrderActionOutcome.Invalid, "quantityFound"), Field(OrderLifecycle.PickRefusal(Id, order, Source, "SKU", 3)));
        Assert.Equal((OrderActionOutcome.Invalid, "quantityFound"), Field(OrderLifecycle.PickRefusal(Id, order, Source, "SKU", -1)));
        Assert.Equal(OrderActionOutcome.NotThisStore, OrderLifecycle.PickRefusal(Id, order, Pickup, "SKU", 1)!.Outcome);
        OrderLifecycle.ConfirmPick(order, order.Lines[0], 2);
        Assert.Equal((OrderActionOutcome.IllegalTransition, "Picked"), Outcome(OrderLifecycle.PickRefusal(Id, order, Source, "SKU", 2)));
        Assert.Equal((OrderActionOutcome.IllegalTransition, "Cancelled"), Outcome(OrderLifecycle.PickRefusal(Id, Order(OrderState.Cancelled, Line(Source, 1)), Source, "SKU", 1)));
    }

    [Fact]
    public void Dispatch_PickedAtASourceStore_AllowedAndInTransitOnlyWhenNothingIsLeftToPick()
    {
        var order = Order(OrderState.Picking, Line(Source, 2), Line("T", 1));
        Assert.Equal(OrderActionOutcome.IllegalTransition, OrderLifecycle.DispatchRefusal(Id, order, Source)!.Outcome);
        OrderLifecycle.ConfirmPick(order, order.Lines[0], 2);

        Assert.Null(OrderLifecycle.DispatchRefusal(Id, order, Source));
        Assert.Equal(OrderActionOutcome.NotThisStore, OrderLifecycle.DispatchRefusal(Id, order, Pickup)!.Outcome);
        order.Lines[0].State = OrderLineState.InTransit;
        OrderLifecycle.AfterDispatch(order);
        Assert.Equal(OrderState.Picking, order.State);
        order.Lines[1].State = OrderLineState.WrittenOff;
        order.Lines[1].WrittenOff = 1;
        OrderLifecycle.AfterDispatch(order);
        Assert.Equal(OrderState.InTransit, order.State);
        Assert.Null(OrderLifecycle.ReceiveRefusal(Id, order, Pickup));
        Assert.Equal(OrderActionOutcome.NotThisStore, OrderLifecycle.ReceiveRefusal(Id, order, Source)!.Outcome);
    }

    [Fact]
    public void Receive_NothingInTransit_Refused()
    {
        var order = Order(OrderState.Picking, Line(Source, 1));

        Assert.Equal((OrderActionOutcome.IllegalTransition, "Picking"), Outcome(OrderLifecycle.ReceiveRefusal(Id, order, Pickup)));
    }

    [Fact]
    public void CollectAndCancel_ByState_AllowedOnlyWhereTheyMayRun()
    {
        Assert.Null(OrderLifecycle.CollectRefusal(Id, Order(OrderState.Ready, Line(Pickup, 1)), Pickup));
        Assert.Equal((OrderActionOutcome.IllegalTransition, "Picking"), Outcome(OrderLifecycle.CollectRefusal(Id, Order(OrderState.Picking, Line(Pickup, 1)), Pickup)));
        Assert.Equal(OrderActionOutcome.NotThisStore, OrderLifecycle.CollectRefusal(Id, Order(OrderState.Ready, Line(Source, 1)), Source)!.Outcome);
        Assert.Null(OrderLifecycle.CancelRefusal(Id, Order(OrderState.Ready, Line(Source, 1)), null));
        Assert.Null(OrderLifecycle.CancelRefusal(Id, Order(OrderState.Paid, Line(Source, 1)), Source));
        Assert.Equal(OrderActionOutcome.NotThisStore, OrderLifecycle.CancelRefusal(Id, Order(OrderState.Paid, Line(Source, 1)), "X")!.Outcome);
        foreach (var ended in new[] { OrderState.Collected, OrderState.Cancelled, OrderState.Expired })
        {
            Assert.Equal((OrderActionOutcome.IllegalTransition, ended.ToString()), Outcome(OrderLifecycle.CancelRefusal(Id, Order(ended, Line(Source, 1)), null)));
        }
    }

    [Fact]
    public void IsDueToExpire_ReadyFromItsCollectByOn_OnlyThen()
    {
        var collectBy = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var ready = Order(OrderState.Ready, Line(Pickup, 1));
        ready.CollectBy = collectBy;
        var picking = Order(OrderState.Picking, Line(Pickup, 1));
        picking.CollectBy = collectBy;

        Assert.False(OrderLifecycle.IsDueToExpire(ready, collectBy.AddTicks(-1)));
        Assert.True(OrderLifecycle.IsDueToExpire(ready, collectBy));
        Assert.False(OrderLifecycle.IsDueToExpire(picking, collectBy.AddDays(1)));
        Assert.False(OrderLifecycle.IsDueToExpire(Order(OrderState.Ready, Line(Pickup, 1)), collectBy));
    }

    [Theory]
    [InlineData(OrderLineState.Committed, "ReleaseAtSource")]
    [InlineData(OrderLineState.Picked, "ReceiveAtSource")]
    [InlineData(OrderLineState.AtPickupStore, "ReceiveAtPickup")]
    [InlineData(OrderLineState.InTransit, "OnArrival")]
    [InlineData(OrderLineState.WrittenOff, "Nothing")]
    [InlineData(OrderLineState.Returned, "Nothing")]
    public void ReturnOnCancel_EachLineState_UnitsGoBackWhereTheyAre(OrderLineState state, string expected)
    {
        var line = Line(Source, 1);
        line.State = state;

        Assert.Equal(expected, OrderLifecycle.ReturnOnCancel(line).ToString());
    }

    [Fact]
    public void CheckInvariants_CollectedWithActiveLinesOrOverPicked_Throws()
    {
        var collected = Order(OrderState.Collected, Line(Pickup, 1));
        var overPicked = Order(OrderState.Picking, Line(Source, 1));
        overPicked.Lines[0].Picked = 2;

        Assert.Throws<InvalidOperationException>(() => OrderLifecycle.CheckInvariants(Id, collected));
        Assert.Throws<InvalidOperationException>(() => OrderLifecycle.CheckInvariants(Id, overPicked));
    }

    private static (OrderActionOutcome, string?) Outcome(StepRefusal? refusal) => (refusal!.Outcome, refusal.State);

    private static (OrderActionOutcome, string?) Field(StepRefusal? refusal) => (refusal!.Outcome, refusal.Field);

    private static OrderRecord Order(OrderState state, params OrderLineRecord[] lines) =>
        new() { State = state, PickupStoreId = Pickup, Lines = [.. lines] };

    private static OrderLineRecord Line(string store, int quantity) =>
        new() { Sku = "SKU", SourceStoreId = store, HoldId = $"{Id}~{store}", Quantity = quantity };
}
