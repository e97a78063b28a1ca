using Allocation.Grains.Contracts;
using Allocation.Grains.Picking;
using Allocation.Planning;
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
        var now = fixture.Time.GetUtcNow();
        fixture.Time.SetUtcNow(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(1));
        var allDay = Enum.GetValues<DayOfWeek>().Select(day => new OpeningPeriod(day, TimeOnly.MinValue, TimeOnly.MinValue)).ToList();
        var network = new StoreNetwork([new Location(Pickup, "Testville", 31.2, 121.5, LocationKind.Store, true, allDay, PicksPerHour, "UTC")], []);
        await fixture.Client.GetGrain<ICatalogueGrain>(tenantId).AddStores([new StoreEntry(Pickup, Pickup, "Testville", true)]);
        await fixture.Client.GetGrain<INetworkGrain>(tenantId).Replace(NetworkJson.Write(network));
        await fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, Pickup).ToGrainKey())
            .Move(new MovementRequest(MovementKind.Receipt, 100, Keys.NewId("grn")));
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

    private IReservationGrain Reservation(string reservationId) => fixture.Client.GetGrain<IReservationGrain>(ReservationKey.For(tenantId, reservationId));

    private IPickScheduleGrain Schedule() => fixture.Client.GetGrain<IPickScheduleGrain>(PickScheduleGrain.KeyOf(tenantId, Pickup));
}
