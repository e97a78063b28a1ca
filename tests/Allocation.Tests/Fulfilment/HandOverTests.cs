using Allocation.Contracts.Orders;
using Allocation.Contracts.Reservations;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Fulfilment;

/// <summary>
/// One owner per phase: the confirm opens the order in its own batch (nothing takes the reservation over later), a
/// paid reservation never changes again, and its read follows the order after a cancel, a collect, a re-sourcing and
/// a release, so GET /reservations/{id} and GET /orders/{id} never contradict each other.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class HandOverTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private readonly OrderScenario scenario = new(fixture.Client, fixture.Time);

    public Task InitializeAsync() => scenario.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Confirm_AnsweredConfirmed_OrderRecordStoredPaidBeforeTheOrderIsAsked()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);

        var id = await scenario.PaidOrderAsync(2);

        var stored = await fixture.Cluster.Get<GrainRecords>().ReadAsync<OrderRecord>(OrderGrain.RecordKeyOf(new OrderKey(scenario.TenantId, id).ToGrainKey()).Owner);
        var record = Assert.Single(stored).Value;
        Assert.Equal((OrderState.Paid, OrderScenario.Pickup, true), (record.State, record.PickupStoreId, record.SolverChosen));
        var line = Assert.Single(record.Lines);
        Assert.Equal((OrderScenario.Source, 2, id), (line.SourceStoreId, line.Quantity, line.HoldId));
        Assert.Equal([id], record.BookingIds[OrderScenario.Source]);
        await AssertAgreeAsync(id, OrderState.Paid, ReservationStatus.Confirmed);
    }

    [Fact]
    public async Task PickList_FirstAfterTheConfirms_ListsThePaidOrdersWithoutWritingTheirRecords()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 3);
        var ids = new[] { await scenario.PaidOrderAsync(1), await scenario.PaidOrderAsync(1), await scenario.PaidOrderAsync(1) };

        var listed = await scenario.StoreOrders(OrderScenario.Source).GetPickList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Unassigned.Select(line => line.OrderId).Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            // Still the record the confirm wrote: listing the orders took nothing over and wrote nothing.
            var stored = await fixture.Cluster.Get<GrainRecords>().ReadAsync<OrderRecord>(OrderGrain.RecordKeyOf(new OrderKey(scenario.TenantId, id).ToGrainKey()).Owner);
            Assert.Equal((true, 0), (Assert.Single(stored).Value.Opening, stored[0].Value.Version));
        }
    }

    [Fact]
    public async Task ReservationRead_AfterTheOrderIsCancelled_ReadsReleasedWithTheOrdersState()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);

        Assert.Equal(OrderActionOutcome.Done, (await scenario.Order(id).Cancel(new CancelRequest(Keys.NewId("x"), null, "changed my mind"))).Outcome);

        await AssertAgreeAsync(id, OrderState.Cancelled, ReservationStatus.Released);
    }

    [Fact]
    public async Task ReservationRead_AfterCollect_ReadsTheCollectedOrder()
    {
        var id = await scenario.ReadyOrderAsync(2);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;

        Assert.Equal(OrderActionOutcome.Done, (await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code))).Outcome);

        await AssertAgreeAsync(id, OrderState.Collected, ReservationStatus.Confirmed);
    }

    [Fact]
    public async Task ReservationRead_AfterShortPickReSourced_LinesAreWhereTheOrdersUnitsAreNow()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);
        await scenario.ReceiveAsync(OrderScenario.Other, 3);
        await scenario.StoreOrders(OrderScenario.Source).StartWave(Keys.NewId("wave"));

        var picked = await scenario.Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("p"), OrderScenario.Source, scenario.Sku, 1));

        Assert.Equal(PickOutcome.ShortReallocated, picked.Pick);
        var read = await AssertAgreeAsync(id, OrderState.Picking, ReservationStatus.Confirmed);
        Assert.Equal([new ReservationLine(scenario.Sku, OrderScenario.Other, 1), new ReservationLine(scenario.Sku, OrderScenario.Source, 1)], read.Lines);
    }

    [Fact]
    public async Task Release_PaidReservation_CancelsItsOrderOnceAndBothAgree()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);

        var released = await scenario.Reservation(id).Release();
        var again = await scenario.Reservation(id).Release();

        Assert.Equal((ReservationOutcome.Released, ReservationStatus.Released), (released.Outcome, released.Reservation!.Status));
        Assert.Equal(ReservationOutcome.Released, again.Outcome);
        Assert.Equal((0, 2), ((await scenario.CountsAsync(OrderScenario.Source)).Committed, (await scenario.CountsAsync(OrderScenario.Source)).Available));
        Assert.Equal(OrderEventTypes.Cancelled, Assert.Single(await scenario.EventsOfAsync(id)).Type);
        await AssertAgreeAsync(id, OrderState.Cancelled, ReservationStatus.Released);
    }

    [Fact]
    public async Task Release_OrderCollected_RefusedAndNothingChanges()
    {
        var id = await scenario.ReadyOrderAsync(1);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;
        await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code));

        var released = await scenario.Reservation(id).Release();

        Assert.Equal(ReservationOutcome.Refused, released.Outcome);
        Assert.Contains("collected", released.Message, StringComparison.Ordinal);
        await AssertAgreeAsync(id, OrderState.Collected, ReservationStatus.Confirmed);
    }

    /// <summary>The two reads of one paid basket: the reservation's names the order's state, its promise and its lines now.</summary>
    private async Task<ReservationView> AssertAgreeAsync(string id, OrderState state, ReservationStatus status)
    {
        var order = (await scenario.Order(id).Get())!;
        var read = (await scenario.Reservation(id).Get())!;
        Assert.Equal((state, state, status), (order.State, read.OrderState, read.Status));
        Assert.Equal(order.ReadyBy, read.ReadyBy);
        var orderLines = BasketLines.Normalize(order.Lines.Where(line => line.Quantity > line.WrittenOff)
            .Select(line => new ReservationLine(line.Sku, line.SourceStoreId, line.Quantity - line.WrittenOff)));
        Assert.Equal(orderLines, read.Lines);
        return read;
    }
}
