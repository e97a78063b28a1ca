using Allocation.Grains.Contracts;
using Allocation.Planning;
using Allocation.Tests.Support;

namespace Allocation.Tests.Allocation;

/// <summary>
/// The availability index is advisory and hears only of changes that matter, so the solver can choose a store whose
/// stock has just gone. The refusing stock grain corrects the index before it answers, and the next attempt holds
/// under an id of its own, so it may use a store the failed attempt held at (a stock grain never reuses a released id).
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class AllocationRetryTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private const string Pickup = "P1";
    private const string Remote = "Q1";
    private readonly string tenantId = Keys.NewId("T");
    private readonly string wanted = Keys.NewId("SKU-A");
    private readonly string onlyAtPickup = Keys.NewId("SKU-B");

    public async Task InitializeAsync()
    {
        var allDay = Enum.GetValues<DayOfWeek>().Select(day => new OpeningPeriod(day, TimeOnly.MinValue, TimeOnly.MinValue)).ToList();
        var network = new StoreNetwork(
            [
                new Location(Pickup, "Testville", 31.20, 121.50, LocationKind.Store, true, allDay, 100, "UTC"),
                new Location(Remote, "Testville", 31.21, 121.51, LocationKind.Store, true, allDay, 100, "UTC"),
            ],
            []);
        await fixture.Client.GetGrain<ICatalogueGrain>(tenantId).AddStores([new StoreEntry(Pickup, Pickup, "Testville", true), new StoreEntry(Remote, Remote, "Testville", true)]);
        await fixture.Client.GetGrain<INetworkGrain>(tenantId).Replace(NetworkJson.Write(network));
        await Receive(wanted, Pickup, 100);
        await Receive(wanted, Remote, 100);
        await Receive(onlyAtPickup, Pickup, 10);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reserve_ChosenStoreRanShortMeanwhile_NextAttemptSucceedsUsingTheSameStoreForTheOtherLine()
    {
        // The index learns of the pickup store (100 units) through a first allocation; 6 units held directly there
        // afterwards are below the tenth that would be reported, so the index still says 100.
        Assert.Equal(ReservationOutcome.Held, (await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 1)])).Outcome);
        Assert.Equal(ReservationOutcome.Held, (await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 5, Pickup)])).Outcome);

        var basket = await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 96), new RequestedLine(onlyAtPickup, 1)]);

        Assert.Equal(ReservationOutcome.Held, basket.Outcome);
        Assert.Contains(new ReservationLine(onlyAtPickup, Pickup, 1), basket.Reservation!.Lines);
        Assert.Equal(96, basket.Reservation.Lines.Where(line => line.Sku == wanted).Sum(line => line.Quantity));
        Assert.Contains(basket.Reservation.Lines, line => line.Sku == wanted && line.StoreId == Remote);
        Assert.Equal(9, await AvailableAsync(onlyAtPickup, Pickup));
        Assert.Equal(200 - 1 - 5 - 96, await AvailableAsync(wanted, Pickup) + await AvailableAsync(wanted, Remote));
    }

    [Fact]
    public async Task Release_BasketHeldOnALaterAttempt_ReturnsEveryUnit()
    {
        await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 1)]);
        await Reserve(Keys.NewId("R"), [new RequestedLine(wanted, 5, Pickup)]);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Reserve(id, [new RequestedLine(wanted, 96), new RequestedLine(onlyAtPickup, 1)])).Outcome);

        var released = await fixture.Client.GetGrain<IReservationGrain>(ReservationKey.For(tenantId, id)).Release();

        Assert.Equal(ReservationOutcome.Released, released.Outcome);
        Assert.Equal(10, await AvailableAsync(onlyAtPickup, Pickup));
        Assert.Equal(200 - 1 - 5, await AvailableAsync(wanted, Pickup) + await AvailableAsync(wanted, Remote));
    }

    private Task<ReservationResult> Reserve(string id, IReadOnlyList<RequestedLine> lines) =>
        fixture.Client.GetGrain<IReservationGrain>(ReservationKey.For(tenantId, id)).Reserve(new ReservationRequest(lines, 600, Pickup));

    private async Task Receive(string sku, string store, int quantity) =>
        await fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store).ToGrainKey()).Move(new MovementRequest(MovementKind.Receipt, quantity, Keys.NewId("grn")));

    private async Task<int> AvailableAsync(string sku, string store) =>
        (await fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store).ToGrainKey()).GetView()).Counts.Available;
}
