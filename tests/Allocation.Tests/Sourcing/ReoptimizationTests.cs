using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Allocation.Planning.Network;
using Allocation.Tests.Support;

namespace Allocation.Tests.Sourcing;

/// <summary>
/// Batch re-optimisation in the service: paid orders whose picking has not started move to cheaper stores, all or
/// nothing, and the old stores get their units and picks back. Each test has its own tenant (capacity is per store).
/// Two stores in one city; both open from two hours after "now", so every planned pick lies in a future hour.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class ReoptimizationTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private const string Pickup = "P1";
    private const string Remote = "Q1";
    private const int Units = 5;
    private readonly string tenantId = Keys.NewId("T");
    private readonly string sku = Keys.NewId("SKU");

    public async Task InitializeAsync()
    {
        var hour = TestTenant.AdvanceToNextWholeHour(fixture.Time);
        var hours = OpenDaily(hour.Hour + 2, 10);
        await TestTenant.ImportAsync(fixture.Client, tenantId, TestTenant.Store(Pickup, 0, hours, 10), TestTenant.Store(Remote, 1, hours, 10));
        await Receive(Remote, Units);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Run_StockArrivesAtPickupAfterPayment_MovesOrderThereAndFreesTheRemoteStore()
    {
        var id = await ReserveAndPayAsync();
        await Receive(Pickup, Units);

        var report = await Reoptimizer().Run();

        Assert.Equal((1, 1, 1, 0), (report.OrdersConsidered, report.OrdersMovable, report.OrdersMoved, report.MovesRolledBack));
        Assert.True(report.CostAfter < report.CostBefore, $"{report.CostAfter} < {report.CostBefore}");
        var placement = (await Order(id).GetPlacement())!;
        Assert.Equal(ReservationStatus.Confirmed, placement.Status);
        Assert.Equal(new ReservationLine(sku, Pickup, 1), Assert.Single(placement.Lines));
        Assert.Equal(Pickup, Assert.Single(placement.Picks).StoreId);
        var read = (await Reservation(id).Get())!;
        Assert.Equal((ReservationStatus.Confirmed, OrderState.Paid, placement.ReadyBy), (read.Status, read.OrderState, read.ReadyBy));
        Assert.Equal(placement.Lines, read.Lines);
        Assert.Equal((Units, 0), await CountsAsync(Remote));
        Assert.Equal((Units - 1, 1), await CountsAsync(Pickup));
        Assert.Empty(await Schedule(Remote).GetLoad());
        Assert.Equal(1, Assert.Single(await Schedule(Pickup).GetLoad()).Picks);
    }

    [Fact]
    public async Task Run_NoCheaperSource_MovesNothing()
    {
        var id = await ReserveAndPayAsync();

        var report = await Reoptimizer().Run();

        Assert.Equal((1, 0), (report.OrdersConsidered, report.OrdersMoved));
        Assert.Equal(Remote, Assert.Single((await Order(id).GetPlacement())!.Lines).StoreId);
        Assert.Equal((Units - 1, 1), await CountsAsync(Remote));
    }

    [Fact]
    public async Task Run_PickingStarted_KeepsTheOrderWhereItIs()
    {
        var id = await ReserveAndPayAsync();
        var pickHour = Assert.Single((await Order(id).GetPlacement())!.Picks).HourStart;
        fixture.Time.SetUtcNow(pickHour.AddMinutes(1));
        await Receive(Pickup, Units);

        var report = await Reoptimizer().Run();

        Assert.Equal((0, 0), (report.OrdersConsidered, report.OrdersMoved));
        Assert.Equal(Remote, Assert.Single((await Order(id).GetPlacement())!.Lines).StoreId);
        Assert.Equal((Units - 1, 1), await CountsAsync(Remote));
    }

    [Fact]
    public async Task Run_UnpaidReservation_IsNotConsidered()
    {
        await Reservation(Keys.NewId("R")).Reserve(new ReservationRequest([new RequestedLine(sku, 1)], 600, Pickup));
        await Receive(Pickup, Units);

        var report = await Reoptimizer().Run();

        Assert.Equal((0, 0), (report.OrdersConsidered, report.OrdersMoved));
    }

    [Fact]
    public async Task Reallocate_NewStoreHasNoStock_RollsBackAndKeepsTheOldHold()
    {
        var id = await ReserveAndPayAsync();
        var before = (await Order(id).GetPlacement())!;

        var result = await Order(id).Move(MoveToPickup(before));

        Assert.Equal(ReallocationOutcome.RolledBack, result.Outcome);
        Assert.Equal(before.Lines, (await Order(id).GetPlacement())!.Lines);
        Assert.Equal((Units - 1, 1), await CountsAsync(Remote));
        Assert.Equal((0, 0), await CountsAsync(Pickup));
        Assert.Empty(await Schedule(Pickup).GetLoad());
    }

    [Fact]
    public async Task Reallocate_StaleExpectedLines_IsRefusedAndChangesNothing()
    {
        var id = await ReserveAndPayAsync();
        await Receive(Pickup, Units);
        var before = (await Order(id).GetPlacement())!;

        var result = await Order(id).Move(MoveToPickup(before) with { ExpectedLines = [new ReservationLine(sku, Pickup, 1)] });

        Assert.Equal(ReallocationOutcome.Refused, result.Outcome);
        Assert.Equal((Units, 0), await CountsAsync(Pickup));
        Assert.Equal((Units - 1, 1), await CountsAsync(Remote));
    }

    [Fact]
    public async Task Reallocate_DifferentUnits_IsRefusedNamingTheLines()
    {
        var id = await ReserveAndPayAsync();
        await Receive(Pickup, Units);
        var before = (await Order(id).GetPlacement())!;

        var result = await Order(id).Move(MoveToPickup(before) with { Lines = [new ReservationLine(sku, Pickup, 2)] });

        Assert.Equal(ReallocationOutcome.Refused, result.Outcome);
        Assert.StartsWith("lines:", result.Reason, StringComparison.Ordinal);
        Assert.Equal((Units, 0), await CountsAsync(Pickup));
    }

    [Fact]
    public async Task Release_AfterMove_ReturnsTheUnitsAndPickAtTheNewStore()
    {
        var id = await ReserveAndPayAsync();
        await Receive(Pickup, Units);
        Assert.Equal(1, (await Reoptimizer().Run()).OrdersMoved);

        var released = await Reservation(id).Release();

        Assert.Equal(ReservationOutcome.Released, released.Outcome);
        Assert.Equal((Units, 0), await CountsAsync(Pickup));
        Assert.Equal((Units, 0), await CountsAsync(Remote));
        Assert.Empty(await Schedule(Pickup).GetLoad());
        Assert.Equal(0, (await Reoptimizer().Run()).OrdersConsidered);
    }

    [Fact]
    public async Task Run_CountFindsPaidUnitMissing_MovesOrderToStoreWithStockThoughDearer()
    {
        await Receive(Pickup, 1);
        var id = await ReserveAndPayAsync(expectedStore: Pickup);
        await CountAsync(Pickup, 0);

        var report = await Reoptimizer().Run();

        Assert.Equal((1, 0), (report.OrdersMoved, report.MovesRolledBack));
        Assert.True(report.CostAfter > report.CostBefore, $"{report.CostAfter} > {report.CostBefore}");
        Assert.Contains("short", report.Note, StringComparison.Ordinal);
        Assert.Equal(new ReservationLine(sku, Remote, 1), Assert.Single((await Order(id).GetPlacement())!.Lines));
        Assert.Equal((Units - 1, 1), await CountsAsync(Remote));
        var pickupCounts = (await Stock(Pickup).GetView()).Counts;
        Assert.Equal((0, 0), (pickupCounts.Committed, pickupCounts.Shortfall));
        Assert.Empty(await Schedule(Pickup).GetLoad());
    }

    [Fact]
    public async Task Run_PaidUnitMissingAndNoStockElsewhere_OrderStaysShort()
    {
        await Receive(Pickup, 1);
        var id = await ReserveAndPayAsync(expectedStore: Pickup);
        await CountAsync(Pickup, 0);
        await CountAsync(Remote, 0);

        var report = await Reoptimizer().Run();

        Assert.Equal((1, 0), (report.OrdersConsidered, report.OrdersMoved));
        Assert.Equal(new ReservationLine(sku, Pickup, 1), Assert.Single((await Order(id).GetPlacement())!.Lines));
        Assert.Equal(1, (await Stock(Pickup).GetView()).Counts.Shortfall);
    }

    [Fact]
    public async Task Run_CountLeavesEnoughForPaidUnits_NoShortfallAndNothingMoved()
    {
        await Receive(Pickup, 2);
        var id = await ReserveAndPayAsync(expectedStore: Pickup);
        await CountAsync(Pickup, 1);

        var report = await Reoptimizer().Run();

        Assert.Equal(0, report.OrdersMoved);
        Assert.DoesNotContain("short", report.Note ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(Pickup, Assert.Single((await Order(id).GetPlacement())!.Lines).StoreId);
    }

    [Fact]
    public async Task RunIfDue_LastRunWithinHalfTheInterval_SkipsUntilHalfTheIntervalHasPassed()
    {
        // Every silo's schedule asks; the default interval is 15 minutes, so runs are at least 7.5 minutes apart.
        Assert.NotNull(await Reoptimizer().RunIfDue());
        Assert.Null(await Reoptimizer().RunIfDue());
        fixture.Time.Advance(TimeSpan.FromMinutes(7));
        Assert.Null(await Reoptimizer().RunIfDue());

        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.NotNull(await Reoptimizer().RunIfDue());
    }

    private async Task<string> ReserveAndPayAsync(string expectedStore = Remote)
    {
        var id = Keys.NewId("R");
        var held = await Reservation(id).Reserve(new ReservationRequest([new RequestedLine(sku, 1)], 600, Pickup));
        Assert.Equal(ReservationOutcome.Held, held.Outcome);
        Assert.Equal(expectedStore, Assert.Single(held.Reservation!.Lines).StoreId);
        Assert.Equal(ReservationOutcome.Confirmed, (await Reservation(id).Confirm()).Outcome);
        return id;
    }

    private ReallocationRequest MoveToPickup(ReservationPlacement placement)
    {
        var hour = placement.Picks[0].HourStart;
        return new ReallocationRequest(placement.Lines, [new ReservationLine(sku, Pickup, 1)], [new PlannedPick(Pickup, hour, 10)], placement.ReadyBy!.Value);
    }

    private static List<OpeningPeriod> OpenDaily(int startHour, int hours)
    {
        var periods = new List<OpeningPeriod>();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var start = startHour % 24;
            var end = start + hours;
            periods.Add(new OpeningPeriod(day, new TimeOnly(start, 0), end >= 24 ? TimeOnly.MinValue : new TimeOnly(end, 0)));
            if (end > 24)
            {
                periods.Add(new OpeningPeriod(day, TimeOnly.MinValue, new TimeOnly(end - 24, 0)));
            }
        }

        return periods;
    }

    private async Task<(int Available, int Committed)> CountsAsync(string store)
    {
        var counts = (await fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store).ToGrainKey()).GetView()).Counts;
        return (counts.Available, counts.Committed);
    }

    private async Task CountAsync(string store, int onHand) =>
        Assert.Equal(MovementOutcome.Applied, (await Stock(store).Move(new MovementRequest(MovementKind.Count, onHand, Keys.NewId("count")))).Outcome);

    private IStockGrain Stock(string store) => fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store).ToGrainKey());

    private Task Receive(string store, int quantity) => TestTenant.ReceiveAsync(fixture.Client, tenantId, sku, store, quantity);

    private IReservationGrain Reservation(string id) => fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(tenantId, id).ToGrainKey());

    private IOrderGrain Order(string id) => fixture.Client.GetGrain<IOrderGrain>(new OrderKey(tenantId, id).ToGrainKey());

    private IReoptimizationGrain Reoptimizer() => fixture.Client.GetGrain<IReoptimizationGrain>(tenantId);

    private IPickScheduleGrain Schedule(string store) => fixture.Client.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, store).ToGrainKey());
}
