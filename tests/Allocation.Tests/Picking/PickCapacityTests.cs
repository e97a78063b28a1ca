using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Tests.Support;

namespace Allocation.Tests.Picking;

/// <summary>
/// Pick capacity booked by earlier reservations binds later ones: a store that picks one order an hour, open around the
/// clock, can promise exactly one order per hour of the 24-hour readiness window, however many reservations ask.
/// Each test has its own tenant, since capacity is per store and shared by every SKU.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class PickCapacityTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private const string Pickup = "P1";
    private const int PicksPerHour = 1;
    private const int WindowHours = 24;
    private readonly string tenantId = Keys.NewId("T");
    private readonly string sku = Keys.NewId("SKU");

    public async Task InitializeAsync()
    {
        // Whole hours make every hour of the window worth exactly one pick.
        TestTenant.AdvanceToNextWholeHour(fixture.Time);
        await TestTenant.ImportAsync(fixture.Client, tenantId, TestTenant.Store(Pickup, 0, TestTenant.OpenAllDay, PicksPerHour));
        await TestTenant.ReceiveAsync(fixture.Client, tenantId, sku, Pickup, 100);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reserve_MoreOrdersThanPickCapacityInWindow_HoldsOnePerHourAndRefusesTheRest()
    {
        var results = new List<ReservationResult>();
        for (var order = 0; order < WindowHours + 6; order++)
        {
            results.Add(await Reserve(Keys.NewId("R")));
        }

        Assert.Equal(WindowHours, results.Count(result => result.Outcome == ReservationOutcome.Held));
        Assert.All(results.Skip(WindowHours), result => Assert.Equal(ReservationOutcome.CannotAllocate, result.Outcome));
        var load = await Schedule().GetLoad();
        Assert.Equal(WindowHours, load.Count);
        Assert.All(load, hour => Assert.Equal(PicksPerHour, hour.Picks));
        Assert.Equal(100 - WindowHours, (await fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, Pickup).ToGrainKey()).GetView()).Counts.Available);
    }

    [Fact]
    public async Task Release_ReservationInAFullWindow_FreesItsPickForTheNextOrder()
    {
        var held = new List<string>();
        for (var order = 0; order < WindowHours; order++)
        {
            var id = Keys.NewId("R");
            Assert.Equal(ReservationOutcome.Held, (await Reserve(id)).Outcome);
            held.Add(id);
        }

        Assert.Equal(ReservationOutcome.CannotAllocate, (await Reserve(Keys.NewId("R"))).Outcome);

        Assert.Equal(ReservationOutcome.Released, (await Reservation(held[5]).Release()).Outcome);
        var next = await Reserve(Keys.NewId("R"));

        Assert.Equal(ReservationOutcome.Held, next.Outcome);
        Assert.All(await Schedule().GetLoad(), hour => Assert.Equal(PicksPerHour, hour.Picks));
    }

    [Fact]
    public async Task Confirm_AllocatedReservation_KeepsItsPickBooked()
    {
        var id = Keys.NewId("R");
        await Reserve(id);

        var confirmed = await Reservation(id).Confirm();

        Assert.Equal(ReservationOutcome.Confirmed, confirmed.Outcome);
        Assert.Equal(1, Assert.Single(await Schedule().GetLoad()).Picks);
    }

    private Task<ReservationResult> Reserve(string reservationId) =>
        Reservation(reservationId).Reserve(new ReservationRequest([new RequestedLine(sku, 1)], 600, Pickup));

    private IReservationGrain Reservation(string reservationId) => fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(tenantId, reservationId).ToGrainKey());

    private IPickScheduleGrain Schedule() => fixture.Client.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, Pickup).ToGrainKey());
}
