using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Fulfilment;

/// <summary>
/// A tenant of a test's own with a pickup store and two source stores a street apart, open all day, and the steps of
/// the order life cycle as the store would take them.
/// </summary>
internal sealed class OrderScenario(InMemoryClusterFixture fixture)
{
    public const string Pickup = "P";
    public const string Source = "S";
    public const string Other = "O";

    public string TenantId { get; } = Keys.NewId("T");

    public string Sku { get; } = Keys.NewId("SKU");

    public IClusterClient Client => fixture.Client;

    public async Task SetUpAsync()
    {
        TestTenant.AdvanceToNextWholeHour(fixture.Time);
        var hours = TestTenant.OpenAllDay;
        await TestTenant.ImportAsync(fixture.Client, TenantId,
            TestTenant.Store(Pickup, 0, hours, 50), TestTenant.Store(Source, 1, hours, 50), TestTenant.Store(Other, 8, hours, 50));
    }

    public Task ReceiveAsync(string store, int units, string? sku = null) => TestTenant.ReceiveAsync(Client, TenantId, sku ?? Sku, store, units);

    /// <summary>Reserves and pays an order the solver sources for pickup at <see cref="Pickup"/>.</summary>
    public async Task<string> PaidOrderAsync(int units)
    {
        var id = Keys.NewId("ord");
        var held = await Reservation(id).Reserve(new ReservationRequest([new RequestedLine(Sku, units)], 900, Pickup));
        Assert.Equal(ReservationOutcome.Held, held.Outcome);
        Assert.Equal(ReservationOutcome.Confirmed, (await Reservation(id).Confirm()).Outcome);
        return id;
    }

    /// <summary>Takes a paid order sourced at <paramref name="store"/> through a wave and a full pick.</summary>
    public async Task PickAllAsync(string id, string store)
    {
        var line = (await Order(id).Get())!.Lines.Single(line => line.SourceStoreId == store && line.State == OrderLineState.Committed);
        var wave = await StoreOrders(store).StartWave(Keys.NewId("wave"));
        Assert.Contains(id, wave.Wave.OrderIds);
        var picked = await Order(id).ConfirmPick(new PickConfirmation(Keys.NewId("pick"), store, line.Sku, line.Quantity));
        Assert.Equal((OrderActionOutcome.Done, PickOutcome.Picked), (picked.Outcome, picked.Pick));
    }

    /// <summary>A paid order sourced at <see cref="Source"/>, picked, dispatched and received: ready at the pickup store.</summary>
    public async Task<string> ReadyOrderAsync(int units)
    {
        await ReceiveAsync(Source, units);
        var id = await PaidOrderAsync(units);
        await PickAllAsync(id, Source);
        Assert.Equal(OrderActionOutcome.Done, (await Order(id).Dispatch(new StoreAction(Keys.NewId("d"), Source))).Outcome);
        var received = await Order(id).Receive(new StoreAction(Keys.NewId("r"), Pickup));
        Assert.Equal(OrderState.Ready, received.Order!.State);
        return id;
    }

    public async Task<StockCounts> CountsAsync(string store, string? sku = null) =>
        (await Stock(store, sku).GetView()).Counts;

    public async Task<List<OrderEvent>> EventsOfAsync(string orderId) =>
        [.. (await Client.GetGrain<IOrderEventsGrain>(TenantId).Read(0, 1_000)).Where(item => item.OrderId == orderId)];

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(InMemoryClusterFixture cluster, string store, string? sku = null) =>
        await cluster.Cluster.Get<ILedgerStore>().ReadAsync(new StockKey(TenantId, sku ?? Sku, store), 0, 10_000, CancellationToken.None);

    public IOrderGrain Order(string id) => Client.GetGrain<IOrderGrain>(new OrderKey(TenantId, id).ToGrainKey());

    public IReservationGrain Reservation(string id) => Client.GetGrain<IReservationGrain>(new ReservationKey(TenantId, id).ToGrainKey());

    public IStoreOrdersGrain StoreOrders(string store) => Client.GetGrain<IStoreOrdersGrain>(new StoreKey(TenantId, store).ToGrainKey());

    public IStockGrain Stock(string store, string? sku = null) => Client.GetGrain<IStockGrain>(new StockKey(TenantId, sku ?? Sku, store).ToGrainKey());
}
