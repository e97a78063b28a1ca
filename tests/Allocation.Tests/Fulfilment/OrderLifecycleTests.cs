using Allocation.Contracts.Orders;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Fulfilment;

/// <summary>
/// The order life cycle on the in-memory cluster: paid -> picking -> in transit -> ready -> collected, short picks,
/// no-shows on the fake clock, cancel in every state, and refusals that change nothing.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class OrderLifecycleTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private readonly OrderScenario scenario = new(fixture.Client, fixture.Time);

    public Task InitializeAsync() => scenario.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Lifecycle_SourcedElsewhere_PicksTransfersReadiesAndCollectsWithLedgerAndEvents()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 5);
        var id = await scenario.PaidOrderAsync(2);
        Assert.Equal(OrderState.Paid, (await scenario.Order(id).Get())!.State);
        var listed = await scenario.StoreOrders(OrderScenario.Source).GetPickList();
        Assert.Contains(listed.Unassigned, line => line.OrderId == id && line.Quantity == 2 && line.PickupStoreId == OrderScenario.Pickup);

        var wave = await scenario.StoreOrders(OrderScenario.Source).StartWave(Keys.NewId("wave"));
        Assert.Equal(OrderState.Picking, (await scenario.Order(id).Get())!.State);
        Assert.True((await scenario.Order(id).GetPlacement())!.PickingStarted);
        var picked = await scenario.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, scenario.Sku, 2));
        Assert.Equal(PickOutcome.Picked, picked.Pick);
        Assert.Equal((3, 0), ((await scenario.CountsAsync(OrderScenario.Source)).OnHand, (await scenario.CountsAsync(OrderScenario.Source)).Committed));
        Assert.Contains((await scenario.StoreOrders(OrderScenario.Source).GetTransfers()).Outbound, line => line.OrderId == id);

        var dispatched = await scenario.Order(id).Dispatch(new StoreAction(Keys.NewId("d"), OrderScenario.Source));
        Assert.Equal(OrderState.InTransit, dispatched.Order!.State);
        var inTransit = await scenario.CountsAsync(OrderScenario.Pickup);
        Assert.Equal((2, 0, 0), (inTransit.InTransit, inTransit.OnHand, inTransit.Available));
        Assert.Contains((await scenario.StoreOrders(OrderScenario.Pickup).GetTransfers()).Inbound, line => line.OrderId == id);

        var received = await scenario.Order(id).Receive(new StoreAction(Keys.NewId("r"), OrderScenario.Pickup));
        Assert.Equal(OrderState.Ready, received.Order!.State);
        Assert.Equal(fixture.Time.GetUtcNow().AddDays(7), received.Order.CollectBy);
        Assert.Equal(0, (await scenario.CountsAsync(OrderScenario.Pickup)).InTransit);
        Assert.Contains((await scenario.StoreOrders(OrderScenario.Pickup).GetOrders(OrderState.Ready)).Orders, order => order.OrderId == id);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;

        var collected = await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code));

        Assert.Equal(OrderState.Collected, collected.Order!.State);
        Assert.All(collected.Order.Lines, line => Assert.Equal(OrderLineState.Collected, line.State));
        Assert.Equal([OrderEventTypes.Ready, OrderEventTypes.Collected], (await scenario.EventsOfAsync(id)).Select(item => item.Type));
        var pickupLedger = await scenario.LedgerAsync(fixture, OrderScenario.Pickup);
        Assert.Equal([LedgerEntryKind.TransitIn, LedgerEntryKind.TransitArrive, LedgerEntryKind.Handover], pickupLedger.Select(entry => entry.Kind));
        Assert.Equal((0, 2), (pickupLedger[0].Before.InTransit, pickupLedger[0].After.InTransit));
        Assert.Contains(wave.Wave.OrderIds, order => order == id);
    }

    [Fact]
    public async Task ConfirmPick_ShortWithAnotherSourceInTheWindow_WritesOffAndReallocatesThere()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);
        await scenario.ReceiveAsync(OrderScenario.Other, 3);
        await scenario.StoreOrders(OrderScenario.Source).StartWave(Keys.NewId("wave"));

        var result = await scenario.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, scenario.Sku, 1));

        Assert.Equal((PickOutcome.ShortReallocated, 1), (result.Pick, result.ShortQuantity));
        Assert.Equal(new ReservationLine(scenario.Sku, OrderScenario.Other, 1), Assert.Single(result.ReallocatedLines!));
        Assert.False(result.Order!.Late);
        var source = await scenario.CountsAsync(OrderScenario.Source);
        Assert.Equal((0, 0), (source.OnHand, source.Committed));
        var writeOff = (await scenario.LedgerAsync(fixture, OrderScenario.Source)).Single(entry => entry.Kind == LedgerEntryKind.Adjustment);
        Assert.Equal((-1, "short-pick"), (writeOff.Quantity, writeOff.Reason));
        Assert.Equal((3, 1), ((await scenario.CountsAsync(OrderScenario.Other)).OnHand, (await scenario.CountsAsync(OrderScenario.Other)).Committed));
        Assert.Contains((await scenario.StoreOrders(OrderScenario.Other).GetPickList()).Unassigned, line => line.OrderId == id && line.Quantity == 1);
        Assert.Empty(await scenario.EventsOfAsync(id));
    }

    [Fact]
    public async Task ConfirmPick_ShortWithNoOtherSource_GoesOnPartialAndTellsTheCustomerLate()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 3);
        var id = await scenario.PaidOrderAsync(3);
        await scenario.StoreOrders(OrderScenario.Source).StartWave(Keys.NewId("wave"));

        var result = await scenario.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, scenario.Sku, 1));

        Assert.Equal((PickOutcome.ShortPartial, 2), (result.Pick, result.ShortQuantity));
        Assert.True(result.Order!.Partial && result.Order.Late);
        Assert.Equal(OrderEventTypes.Late, Assert.Single(await scenario.EventsOfAsync(id)).Type);
        Assert.Equal((0, 0), ((await scenario.CountsAsync(OrderScenario.Source)).OnHand, (await scenario.CountsAsync(OrderScenario.Source)).Committed));
    }

    [Fact]
    public async Task ConfirmPick_ShortAndTheOnlyOtherSourceOpensAfterTheWindow_ResourcedThereAndFlaggedLate()
    {
        // The other store opens for one hour, 26 hours from now: after the order's window (24 h from payment), inside a
        // fresh one from the moment of the short pick, 20 hours later.
        var opens = fixture.Time.GetUtcNow().AddHours(27);
        var late = new OrderScenario(fixture.Client, fixture.Time);
        await late.SetUpAsync([new Allocation.Planning.Network.OpeningPeriod(opens.DayOfWeek, new TimeOnly(opens.Hour, 0), opens.Hour < 23 ? new TimeOnly(opens.Hour + 1, 0) : TimeOnly.MinValue)]);
        await late.ReceiveAsync(OrderScenario.Source, 2);
        var id = await late.PaidOrderAsync(2);
        await late.ReceiveAsync(OrderScenario.Other, 3);
        fixture.Time.Advance(TimeSpan.FromHours(20));

        var result = await late.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, late.Sku, 1));

        Assert.Equal(PickOutcome.ShortLate, result.Pick);
        Assert.Equal(new ReservationLine(late.Sku, OrderScenario.Other, 1), Assert.Single(result.ReallocatedLines!));
        Assert.True(result.Order!.Late);
        Assert.False(result.Order.Partial);
        Assert.True(result.Order.EarliestReadyAt > opens.AddHours(-2), $"{result.Order.EarliestReadyAt} after the store opens at {opens}");
        Assert.Equal(OrderEventTypes.Late, Assert.Single(await late.EventsOfAsync(id)).Type);
    }

    [Fact]
    public async Task ConfirmPick_TwiceWithDifferentQuantities_SecondIs409NamingThePickedLine()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);
        var request = Keys.NewId("p");
        await scenario.Order(id).ConfirmPick(new PickConfirmation(request, OrderScenario.Source, scenario.Sku, 2));

        var repeat = await scenario.Order(id).ConfirmPick(new PickConfirmation(request, OrderScenario.Source, scenario.Sku, 2));
        var reused = await scenario.Order(id).ConfirmPick(new PickConfirmation(request, OrderScenario.Source, scenario.Sku, 1));
        var again = await scenario.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, scenario.Sku, 1));

        Assert.Equal(OrderActionOutcome.Repeated, repeat.Outcome);
        Assert.Equal(OrderActionOutcome.RequestReused, reused.Outcome);
        Assert.Equal((OrderActionOutcome.IllegalTransition, "Picked"), (again.Outcome, again.State));
        Assert.Equal(0, (await scenario.CountsAsync(OrderScenario.Source)).OnHand);
    }

    [Fact]
    public async Task BadInput_WrongStoreOverLargeQuantityUnknownOrder_RefusedAndNothingChanges()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);

        var wrongStore = await scenario.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Other, scenario.Sku, 2));
        var tooMany = await scenario.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, scenario.Sku, 3));
        var unknown = await scenario.Order(Keys.NewId("nope")).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, scenario.Sku, 1));
        var collectEarly = await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, "123456"));

        Assert.Equal((OrderActionOutcome.NotThisStore, "storeId"), (wrongStore.Outcome, wrongStore.Field));
        Assert.Equal((OrderActionOutcome.Invalid, "quantityFound"), (tooMany.Outcome, tooMany.Field));
        Assert.Equal((OrderActionOutcome.NotFound, "orderId"), (unknown.Outcome, unknown.Field));
        Assert.Equal((OrderActionOutcome.IllegalTransition, "Paid"), (collectEarly.Outcome, collectEarly.State));
        var order = (await scenario.Order(id).Get())!;
        Assert.Equal((OrderState.Paid, 0), (order.State, order.Version));
        Assert.False((await scenario.Order(id).GetPlacement())!.PickingStarted);
        Assert.Equal((2, 2), ((await scenario.CountsAsync(OrderScenario.Source)).OnHand, (await scenario.CountsAsync(OrderScenario.Source)).Committed));
    }

    [Fact]
    public async Task Collect_FiveWrongCodes_LocksAndTheRightCodeIsRefusedAfter()
    {
        var id = await scenario.ReadyOrderAsync(1);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;
        var wrong = code == "000000" ? "111111" : "000000";

        var answers = new List<OrderActionResult>();
        for (var attempt = 0; attempt < OrderLimits.PickupCodeAttemptsMax; attempt++)
        {
            answers.Add(await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, wrong)));
        }

        var right = await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code));

        Assert.Equal([4, 3, 2, 1], answers.Take(4).Select(answer => answer.AttemptsRemaining!.Value));
        Assert.Equal(OrderActionOutcome.CodeLocked, answers[^1].Outcome);
        Assert.Equal(OrderActionOutcome.CodeLocked, right.Outcome);
        Assert.Equal(OrderState.Ready, (await scenario.Order(id).Get())!.State);
    }

    [Fact]
    public async Task NoShow_CollectByPassesOnTheFakeClock_SweepExpiresAndUnitsAreSellableAtPickup()
    {
        var id = await scenario.ReadyOrderAsync(2);
        Assert.Equal(0, (await scenario.CountsAsync(OrderScenario.Pickup)).Available);

        fixture.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        // The silo's own sweep runs on the fake clock too and may have closed it already; either way, nobody asked the order.
        await fixture.Cluster.Get<OrderExpirySweep>().RunOnceAsync(CancellationToken.None);
        var pickupAfterSweep = await scenario.CountsAsync(OrderScenario.Pickup);

        Assert.Equal((2, 2), (pickupAfterSweep.OnHand, pickupAfterSweep.Available));
        var order = (await scenario.Order(id).Get())!;
        Assert.Equal(OrderState.Expired, order.State);
        Assert.All(order.Lines, line => Assert.Equal(OrderLineState.Returned, line.State));
        Assert.Equal(2, (await scenario.CountsAsync(OrderScenario.Pickup)).Available);
        var returned = (await scenario.LedgerAsync(fixture, OrderScenario.Pickup))[^1];
        Assert.Equal((LedgerEntryKind.Receipt, "no-show", 2), (returned.Kind, returned.Reason, returned.Quantity));
        Assert.Equal(OrderEventTypes.Expired, (await scenario.EventsOfAsync(id)).Last().Type);
    }

    [Fact]
    public async Task Cancel_Paid_ReleasesAtTheSource()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);

        var picksBefore = (await scenario.Schedule(OrderScenario.Source).GetLoad()).Sum(hour => hour.Picks);

        var cancelled = await scenario.Order(id).Cancel(new CancelRequest(Keys.NewId("x"), null, "changed my mind"));

        Assert.Equal(OrderState.Cancelled, cancelled.Order!.State);
        Assert.Equal((2, 0, 2), Sellable(await scenario.CountsAsync(OrderScenario.Source)));
        Assert.Equal((1, 0), (picksBefore, (await scenario.Schedule(OrderScenario.Source).GetLoad()).Sum(hour => hour.Picks)));
        Assert.Equal(OrderEventTypes.Cancelled, Assert.Single(await scenario.EventsOfAsync(id)).Type);
        Assert.Equal(ReservationOutcome.Refused, (await scenario.Reservation(id).Release()).Outcome);
    }

    [Fact]
    public async Task Cancel_Picking_ReleasesAtTheSource()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);
        await scenario.StoreOrders(OrderScenario.Source).StartWave(Keys.NewId("wave"));

        var cancelled = await scenario.Order(id).Cancel(new CancelRequest(Keys.NewId("x"), OrderScenario.Source, "store cannot serve"));

        Assert.Equal(OrderState.Cancelled, cancelled.Order!.State);
        Assert.Equal((2, 0, 2), Sellable(await scenario.CountsAsync(OrderScenario.Source)));
    }

    [Fact]
    public async Task Cancel_PickedNotDispatched_UnitsGoBackOnTheSourceShelf()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);
        await scenario.PickAllAsync(id, OrderScenario.Source);
        Assert.Equal((0, 0, 0), Sellable(await scenario.CountsAsync(OrderScenario.Source)));

        await scenario.Order(id).Cancel(new CancelRequest(Keys.NewId("x"), null, "changed my mind"));

        Assert.Equal((2, 0, 2), Sellable(await scenario.CountsAsync(OrderScenario.Source)));
        var back = (await scenario.LedgerAsync(fixture, OrderScenario.Source))[^1];
        Assert.Equal((LedgerEntryKind.Receipt, "cancel-return"), (back.Kind, back.Reason));
    }

    [Fact]
    public async Task Cancel_InTransit_UnitsBecomeSellableAtPickupWhenReceived()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);
        await scenario.PickAllAsync(id, OrderScenario.Source);
        await scenario.Order(id).Dispatch(new StoreAction(Keys.NewId("d"), OrderScenario.Source));

        var cancelled = await scenario.Order(id).Cancel(new CancelRequest(Keys.NewId("x"), null, "changed my mind"));
        var whileOnTheRoad = await scenario.CountsAsync(OrderScenario.Pickup);
        var received = await scenario.Order(id).Receive(new StoreAction(Keys.NewId("r"), OrderScenario.Pickup));

        Assert.Equal(OrderState.Cancelled, cancelled.Order!.State);
        Assert.Equal((2, 0), (whileOnTheRoad.InTransit, whileOnTheRoad.Available));
        Assert.Equal(OrderState.Cancelled, received.Order!.State);
        var after = await scenario.CountsAsync(OrderScenario.Pickup);
        Assert.Equal((0, 2), (after.InTransit, after.Available));
    }

    [Fact]
    public async Task Cancel_Ready_UnitsGoBackToThePickupStore()
    {
        var id = await scenario.ReadyOrderAsync(2);

        await scenario.Order(id).Cancel(new CancelRequest(Keys.NewId("x"), OrderScenario.Pickup, "customer called"));

        Assert.Equal((2, 0, 2), Sellable(await scenario.CountsAsync(OrderScenario.Pickup)));
        Assert.Equal([OrderEventTypes.Ready, OrderEventTypes.Cancelled], (await scenario.EventsOfAsync(id)).Select(item => item.Type));
    }

    [Fact]
    public async Task Get_CollectByPassed_AnswersAsStoredAndTheNoShowClosesOnce()
    {
        var id = await scenario.ReadyOrderAsync(2);
        fixture.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        // The read queues the close behind itself (the silo's sweep on the fake clock may have closed it already).
        var read = (await scenario.Order(id).Get())!;
        var closed = await scenario.Order(id).ExpireIfDue();
        var listed = await scenario.StoreOrders(OrderScenario.Pickup).GetOrders(null);

        Assert.Contains(read.State, new[] { OrderState.Ready, OrderState.Expired });
        Assert.Equal(OrderState.Expired, closed.Order!.State);
        Assert.DoesNotContain(listed.Orders, order => order.OrderId == id);
        var returns = (await scenario.LedgerAsync(fixture, OrderScenario.Pickup)).Where(entry => entry.Reason == "no-show").ToList();
        Assert.Equal(2, Assert.Single(returns).Quantity);
        Assert.Equal(1, (await scenario.EventsOfAsync(id)).Count(item => item.Type == OrderEventTypes.Expired));
    }

    [Fact]
    public async Task Cancel_CollectedOrExpired_Is409NamingTheStateAndChangesNothing()
    {
        var collected = await scenario.ReadyOrderAsync(1);
        var code = (await scenario.Order(collected).GetPickupCode()).PickupCode!;
        await scenario.Order(collected).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code));
        var expired = await scenario.ReadyOrderAsync(1);
        fixture.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(OrderState.Expired, (await scenario.Order(expired).ExpireIfDue()).Order!.State);
        var before = await scenario.CountsAsync(OrderScenario.Pickup);

        var afterCollect = await scenario.Order(collected).Cancel(new CancelRequest(Keys.NewId("x"), null, "too late"));
        var afterExpiry = await scenario.Order(expired).Cancel(new CancelRequest(Keys.NewId("x"), null, "too late"));

        Assert.Equal((OrderActionOutcome.IllegalTransition, "Collected"), (afterCollect.Outcome, afterCollect.State));
        Assert.Equal((OrderActionOutcome.IllegalTransition, "Expired"), (afterExpiry.Outcome, afterExpiry.State));
        Assert.Equal(before, await scenario.CountsAsync(OrderScenario.Pickup));
    }

    [Fact]
    public async Task StartWave_MoreOrdersThanTheMaximum_TakesAtMostWaveOrdersMaxInPickOrder()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 20);
        var ids = new List<string>();
        for (var index = 0; index < 12; index++)
        {
            ids.Add(await scenario.PaidOrderAsync(1));
        }

        var first = await scenario.StoreOrders(OrderScenario.Source).StartWave("wave-a");
        var repeat = await scenario.StoreOrders(OrderScenario.Source).StartWave("wave-a");
        var second = await scenario.StoreOrders(OrderScenario.Source).StartWave("wave-b");

        Assert.Equal(10, first.Wave.OrderIds.Count);
        Assert.Equal(first.Wave.OrderIds, repeat.Wave.OrderIds);
        Assert.True(repeat.Repeated);
        Assert.Equal(2, second.Wave.OrderIds.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Wave.OrderIds.Concat(second.Wave.OrderIds).Order(StringComparer.Ordinal));
        var list = await scenario.StoreOrders(OrderScenario.Source).GetPickList();
        Assert.Empty(list.Unassigned);
        Assert.Equal(2, list.Waves.Count);
    }

    private static (int OnHand, int Committed, int Available) Sellable(StockCounts counts) => (counts.OnHand, counts.Committed, counts.Available);
}
