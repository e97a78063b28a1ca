using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Allocation.Tests.Support;

namespace Allocation.Tests.Sourcing;

/// <summary>Promises before checkout: planned like a reservation arriving now, holding and booking nothing.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class PromiseTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private const string Pickup = "P1";
    private const string Near = "Q1";
    private const string Far = "R1";
    private const int ReadinessWindowHours = 24;

    /// <summary>Near is about 1.4 km from the pickup store, Far about 2.8 km: a 2 km radius takes the first two.</summary>
    private const double RadiusTwoKilometres = 2;

    private readonly string tenantId = Keys.NewId("T");
    private readonly string wanted = Keys.NewId("SKU-A");
    private readonly string onlyFar = Keys.NewId("SKU-B");

    public async Task InitializeAsync() =>
        await TestTenant.ImportAsync(fixture.Client, tenantId,
            TestTenant.Store(Pickup, 0, TestTenant.OpenAllDay, 20),
            TestTenant.Store(Near, 1, TestTenant.OpenAllDay, 20),
            TestTenant.Store(Far, 2, TestTenant.OpenAllDay, 20));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Promise_StockAtPickup_PromisesThePickupStoreWithinTheWindow()
    {
        await Receive(wanted, Pickup, 3);

        var result = await Promise([new PromiseLine(wanted, 2)]);

        Assert.Equal(PromiseOutcome.Promised, result.Outcome);
        Assert.Equal(new PromiseSource(wanted, Pickup, 2, result.ReadyBy!.Value), Assert.Single(result.Sources));
        Assert.InRange(result.ReadyBy.Value, fixture.Time.GetUtcNow(), fixture.Time.GetUtcNow().AddHours(ReadinessWindowHours));
    }

    [Fact]
    public async Task Promise_BasketAcrossStores_HoldsNothingAndBooksNoPicks()
    {
        await Receive(wanted, Pickup, 1);
        await Receive(wanted, Near, 5);
        await Receive(onlyFar, Far, 2);
        var stockBefore = await CountsAsync();
        var picksBefore = await PicksAsync();

        var result = await Promise([new PromiseLine(wanted, 3), new PromiseLine(onlyFar, 1)]);

        Assert.Equal(PromiseOutcome.Promised, result.Outcome);
        Assert.Contains(result.Sources, source => source.Sku == onlyFar && source.StoreId == Far);
        Assert.Equal(stockBefore, await CountsAsync());
        Assert.Equal(picksBefore, await PicksAsync());
        Assert.All(await CountsAsync(), counts => Assert.Equal(0, counts.Held));
    }

    [Fact]
    public async Task Promise_ThenReserveSameLines_ReservationIsReadyNoLaterFromTheSameStores()
    {
        await Receive(wanted, Pickup, 1);
        await Receive(wanted, Near, 5);
        await Receive(onlyFar, Far, 2);
        // Two lines of the same SKU: the promise merges them as the reservation does.
        var promise = await Promise([new PromiseLine(onlyFar, 1), new PromiseLine(wanted, 2), new PromiseLine(wanted, 1)]);

        var reservation = await fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(tenantId, Keys.NewId("R")).ToGrainKey())
            .Reserve(new ReservationRequest([new RequestedLine(onlyFar, 1), new RequestedLine(wanted, 3)], 600, Pickup));

        Assert.Equal(PromiseOutcome.Promised, promise.Outcome);
        Assert.Equal(ReservationOutcome.Held, reservation.Outcome);
        Assert.True(reservation.Reservation!.ReadyBy <= promise.ReadyBy, $"reserved {reservation.Reservation.ReadyBy:O}, promised {promise.ReadyBy:O}");
        var promised = promise.Sources.Select(source => (source.Sku, source.StoreId, source.Quantity)).Order().ToList();
        var held = reservation.Reservation.Lines.Select(line => (line.Sku, line.StoreId, line.Quantity)).Order().ToList();
        Assert.Equal(promised, held);
    }

    [Fact]
    public async Task Promise_NoStockAnywhere_SaysOutOfStockAndWhy()
    {
        await Receive(wanted, Near, 1);

        var result = await Promise([new PromiseLine(wanted, 2)]);

        Assert.Equal(PromiseOutcome.OutOfStock, result.Outcome);
        Assert.Null(result.ReadyBy);
        Assert.Empty(result.Sources);
        Assert.Contains(wanted, result.Reason);
    }

    [Fact]
    public async Task Promise_TenantWithoutNetwork_IsNotPlannable()
    {
        var result = await fixture.Client.GetGrain<IPromiseGrain>(Keys.NewId("T")).Promise(new PromiseRequest(Pickup, [new PromiseLine(wanted, 1)]));

        Assert.Equal(PromiseOutcome.NotPlannable, result.Outcome);
        Assert.NotNull(result.Reason);
    }

    [Fact]
    public async Task PromiseSku_City_ListsEveryPickupStoreEarliestFirst()
    {
        await Receive(wanted, Near, 1);

        var result = await Promises().PromiseSku(new SkuPromiseRequest(wanted, TestTenant.City, null, 0));

        Assert.True(result.Found);
        Assert.Equal(SortedByReady(result), result.Stores.Select(store => store.PickupStoreId).ToList());
        Assert.Equal(Near, result.Stores[0].PickupStoreId);
        Assert.Equal(3, result.Stores.Count);
        Assert.All(result.Stores, store => Assert.Equal(PromiseOutcome.Promised, store.Outcome));
        Assert.True(result.Stores[0].ReadyBy < result.Stores[1].ReadyBy, "the store holding the unit is ready before those it travels to");
    }

    [Fact]
    public async Task PromiseSku_Radius_ListsOnlyStoresWithinIt()
    {
        await Receive(wanted, Far, 1);

        var result = await Promises().PromiseSku(new SkuPromiseRequest(wanted, null, Pickup, RadiusTwoKilometres));

        Assert.True(result.Found);
        Assert.Equal([Pickup, Near], result.Stores.Select(store => store.PickupStoreId).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task PromiseSku_NoStock_ListsStoresAsOutOfStock()
    {
        var result = await Promises().PromiseSku(new SkuPromiseRequest(wanted, TestTenant.City, null, 0));

        Assert.Equal(3, result.Stores.Count);
        Assert.All(result.Stores, store => Assert.Equal((PromiseOutcome.OutOfStock, (DateTimeOffset?)null), (store.Outcome, store.ReadyBy)));
    }

    [Fact]
    public async Task PromiseSku_UnknownCity_IsNotFound()
    {
        var result = await Promises().PromiseSku(new SkuPromiseRequest(wanted, "Atlantis", null, 0));

        Assert.False(result.Found);
        Assert.Empty(result.Stores);
    }

    private static List<string> SortedByReady(SkuPromiseResult result) =>
        [.. result.Stores.OrderBy(store => store.ReadyBy).ThenBy(store => store.PickupStoreId, StringComparer.Ordinal).Select(store => store.PickupStoreId)];

    private IPromiseGrain Promises() => fixture.Client.GetGrain<IPromiseGrain>(tenantId);

    private Task<PromiseResult> Promise(IReadOnlyList<PromiseLine> lines) => Promises().Promise(new PromiseRequest(Pickup, lines));

    private Task Receive(string sku, string store, int quantity) => TestTenant.ReceiveAsync(fixture.Client, tenantId, sku, store, quantity);

    private async Task<List<StockCounts>> CountsAsync() =>
        [.. await Task.WhenAll(new[] { wanted, onlyFar }.SelectMany(sku => new[] { Pickup, Near, Far }.Select(async store =>
            (await fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, store).ToGrainKey()).GetView()).Counts)))];

    private async Task<List<HourLoad>> PicksAsync() =>
        [.. (await Task.WhenAll(new[] { Pickup, Near, Far }.Select(store =>
            fixture.Client.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, store).ToGrainKey()).GetLoad()))).SelectMany(loads => loads)];
}
