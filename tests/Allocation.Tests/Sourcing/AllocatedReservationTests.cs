using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Planning.Network;
using Allocation.Tests.Support;

namespace Allocation.Tests.Sourcing;

/// <summary>Reservations that name only a pickup store: the solver chooses the source stores and promises a ready-by time.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class AllocatedReservationTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private const int ReadinessWindowHours = 24;
    private readonly StoreNetwork network = DemoNetwork.Generate(seed: 7, storeCount: 12, cityCount: 3);
    private readonly string sku = Keys.NewId("SKU");

    public async Task InitializeAsync()
    {
        await fixture.Client.GetGrain<ICatalogueGrain>(Keys.Tenant).AddStores(
            network.Locations.Select(location => new StoreEntry(location.Id, location.Id, location.City, location.ClickAndCollect)).ToList());
        await fixture.Client.GetGrain<INetworkGrain>(Keys.Tenant).Replace(NetworkJson.Write(network));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reserve_NoStoreAndStockAtPickup_HoldsAtPickupWithReadyByInWindow()
    {
        var pickup = Stores()[0];
        await Receive(pickup, 5);
        await Receive(Stores()[^1], 5);

        var result = await Reserve(pickup, 2);

        Assert.Equal(ReservationOutcome.Held, result.Outcome);
        var line = Assert.Single(result.Reservation!.Lines);
        Assert.Equal((pickup, 2), (line.StoreId, line.Quantity));
        Assert.NotNull(result.Reservation.ReadyBy);
        Assert.InRange(result.Reservation.ReadyBy!.Value, fixture.Time.GetUtcNow(), fixture.Time.GetUtcNow().AddHours(ReadinessWindowHours));
        Assert.Equal(3, await Available(pickup));
    }

    [Fact]
    public async Task Reserve_NoStockAtPickup_SourcesFromAnotherStoreAndHoldsThere()
    {
        var pickup = Stores()[0];
        var source = Stores()[1];
        await Receive(source, 4);

        var result = await Reserve(pickup, 3);

        Assert.Equal(ReservationOutcome.Held, result.Outcome);
        Assert.Equal(source, Assert.Single(result.Reservation!.Lines).StoreId);
        Assert.Equal(1, await Available(source));
    }

    [Fact]
    public async Task Reserve_PickupStockAllSafetyStock_SourcesElsewhereAndKeepsTheSafetyStock()
    {
        var pickup = Stores()[0];
        var source = Stores()[1];
        await Receive(pickup, 4);
        await Stock(pickup).Move(new MovementRequest(MovementKind.SafetyStock, 4, Keys.NewId("safety")));
        await Receive(source, 4);

        var result = await Reserve(pickup, 2);

        Assert.Equal(ReservationOutcome.Held, result.Outcome);
        Assert.Equal(source, Assert.Single(result.Reservation!.Lines).StoreId);
        Assert.Equal(0, (await Stock(pickup).GetView()).Counts.Held);
    }

    [Fact]
    public async Task Reserve_NoStockAnywhere_IsRefusedAndHoldsNothing()
    {
        var result = await Reserve(Stores()[0], 1);

        Assert.Equal(ReservationOutcome.InsufficientStock, result.Outcome);
        Assert.Null(result.Reservation);
    }

    [Fact]
    public async Task Reserve_RepeatAfterDeactivationHoldingAllTheStock_RepeatedNotRefused()
    {
        var pickup = Stores()[0];
        await Receive(pickup, 2);
        var reservation = fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, Keys.NewId("R")).ToGrainKey());
        var request = new ReservationRequest([new RequestedLine(sku, 2)], 600, pickup);
        var first = await reservation.Reserve(request);
        Assert.Equal(ReservationOutcome.Held, first.Outcome);
        await reservation.Recover();
        await fixture.Cluster.DeactivateAsync(reservation);

        var repeat = await reservation.Reserve(request);

        Assert.Equal(ReservationOutcome.Repeated, repeat.Outcome);
        Assert.Equal(first.Reservation!.Lines, repeat.Reservation!.Lines);
        Assert.Equal(2, (await Stock(pickup).GetView()).Counts.Held);
    }

    private List<string> Stores() => network.Locations.Where(location => location.ClickAndCollect).Select(location => location.Id).ToList();

    private Task<ReservationResult> Reserve(string pickup, int quantity) =>
        fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, Keys.NewId("R")).ToGrainKey())
            .Reserve(new ReservationRequest([new RequestedLine(sku, quantity)], 600, pickup));

    private IStockGrain Stock(string store) => fixture.Client.GetGrain<IStockGrain>(new StockKey(Keys.Tenant, sku, store).ToGrainKey());

    private async Task Receive(string store, int quantity) =>
        await Stock(store).Move(new MovementRequest(MovementKind.Receipt, quantity, Keys.NewId("grn")));

    private async Task<int> Available(string store) => (await Stock(store).GetView()).Counts.Available;
}
