using Allocation.Client.Orders;
using Allocation.Client.Stores;
using Allocation.Load.Invariants;
using Allocation.Load.Metrics;
using Allocation.Load.Profiles;
using Allocation.Load.Scenarios;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;
using Allocation.Load.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Scenarios;

public sealed class StoreStaffScenarioTests : IDisposable
{
    private static readonly LoadPool Pool = new(["SKU-A", "SKU-B"], ["SKU-A"], ["S1", "S9"], ["S1", "S9"]);
    private static readonly ShopFloorDecisions Agreeing = new(0, 0, 0, 0, new SecondsRange(0, 0), 5);

    private readonly FakeAllocationService service = new();
    private readonly FakeStoreOperations store = new();
    private readonly RunLedger ledger = new();
    private readonly MetricsRegistry metrics = new();
    private readonly InFlightLimiter limiter = new(8);
    private readonly FakeTimeProvider time = new();

    public StoreStaffScenarioTests() => ledger.Stores.OrderConfirmed("S1", []);

    [Fact]
    public async Task RunAsync_NoOpenWave_StartsOneAndPicksItsLinesGroupedBySku()
    {
        store.PickList = new PickList("S1", 10, [], [FakeStoreOperations.PickLine("o2", "SKU-B", 1)]);
        store.Wave = new PickWave("S1-w1", "S1", null, ["o1", "o2", "o3"],
            [FakeStoreOperations.PickLine("o2", "SKU-B", 1), FakeStoreOperations.PickLine("o3", "SKU-A", 2), FakeStoreOperations.PickLine("o1", "SKU-A", 1)]);

        await Scenario(Agreeing).RunAsync(Arrival(1));

        Assert.Equal(["pick-list S1", "wave S1", "pick S1 o1 SKU-A 1", "pick S1 o3 SKU-A 2", "pick S1 o2 SKU-B 1"], store.Calls.Take(5));
        Assert.Equal(3, ledger.FloorCounts["lines picked"]);
    }

    [Fact]
    public async Task RunAsync_OpenWaveWithLinesLeft_FinishesItWithoutStartingAnother()
    {
        var open = new PickWave("S1-w1", "S1", null, ["o1"], [FakeStoreOperations.PickLine("o1", "SKU-A", 1)]);
        store.PickList = new PickList("S1", 10, [open], [FakeStoreOperations.PickLine("o5", "SKU-B", 1)]);

        await Scenario(Agreeing).RunAsync(Arrival(1));

        Assert.DoesNotContain("wave S1", store.Calls);
        Assert.Contains("pick S1 o1 SKU-A 1", store.Calls);
    }

    [Fact]
    public async Task RunAsync_ShelfDisagrees_TillSellsAtTheSkuStoreThenThePickerFindsTheWholeLine()
    {
        service.Stock[new SkuStore("SKU-A", "S1")] = new StockReply("SKU-A", "S1", 3, 0, 3, 0, 0, 0);
        store.PickList = new PickList("S1", 10, [new PickWave("S1-w1", "S1", null, ["o1"], [FakeStoreOperations.PickLine("o1", "SKU-A", 3)])], []);

        await Scenario(Agreeing with { ShelfDisagreesShare = 1 }).RunAsync(Arrival(1));

        var sale = Assert.Single(ledger.Movements);
        Assert.Equal((MovementKind.Sale, new SkuStore("SKU-A", "S1")), (sale.Kind, sale.SkuStore));
        Assert.InRange(sale.Quantity, 1, 3);
        Assert.Contains("pick S1 o1 SKU-A 3", store.Calls);
        Assert.Equal(["store-staff.pick-list", "store-staff.till-sale", "store-staff.disagreed-pick"], metrics.Steps.Select(step => step.Name).Take(3));
    }

    [Fact]
    public async Task RunAsync_ShortPick_SendsFewerUnitsAndCountsTheShortUnits()
    {
        store.Orders["o1"] = FakeStoreOperations.NewOrder("o1", "S9", FakeStoreOperations.Line("SKU-A", "S1", 3));
        store.PickList = new PickList("S1", 10, [new PickWave("S1-w1", "S1", null, ["o1"], [FakeStoreOperations.PickLine("o1", "SKU-A", 3)])], []);

        await Scenario(Agreeing with { ShortPickShare = 1 }).RunAsync(Arrival(1));

        var pick = Assert.Single(store.Calls, call => call.StartsWith("pick S1 o1", StringComparison.Ordinal));
        var found = int.Parse(pick.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(found, 0, 2);
        Assert.Equal(3 - found, ledger.FloorCounts["units short at the shelf"]);
        Assert.Contains(metrics.Steps, step => step.Name == "store-staff.short-pick");
    }

    [Fact]
    public async Task RunAsync_LastLinePickedAtThePickupStore_MarksTheOrderReady()
    {
        store.Orders["o1"] = FakeStoreOperations.NewOrder("o1", "S1", FakeStoreOperations.Line("SKU-A", "S1", 1), FakeStoreOperations.Line("SKU-B", "S9", 1, OrderLineState.AtPickupStore, picked: 1));
        store.PickList = new PickList("S1", 10, [new PickWave("S1-w1", "S1", null, ["o1"], [FakeStoreOperations.PickLine("o1", "SKU-A", 1, pickupStoreId: "S1")])], []);

        await Scenario(Agreeing).RunAsync(Arrival(1));

        Assert.Contains("ready S1 o1", store.Calls);
    }

    [Fact]
    public async Task RunAsync_PickedForAnotherStore_DispatchesNotReady()
    {
        store.Orders["o1"] = FakeStoreOperations.NewOrder("o1", "S9", FakeStoreOperations.Line("SKU-A", "S1", 1));
        store.PickList = new PickList("S1", 10, [new PickWave("S1-w1", "S1", null, ["o1"], [FakeStoreOperations.PickLine("o1", "SKU-A", 1)])], []);
        store.Transfers = new TransferList("S1", [new TransferLine("o1", "SKU-A", 1, "S1", "S9", OrderLineState.Picked, null), new TransferLine("o1", "SKU-B", 1, "S1", "S9", OrderLineState.Picked, null)],
            [new TransferLine("o7", "SKU-A", 1, "S3", "S1", OrderLineState.InTransit, null)]);

        await Scenario(Agreeing).RunAsync(Arrival(1));

        Assert.Single(store.Calls, call => call == "dispatch S1 o1");
        Assert.Contains("receive S1 o7", store.Calls);
        Assert.DoesNotContain("ready S1 o1", store.Calls);
    }

    [Fact]
    public async Task RunAsync_CustomerComes_CollectsWithTheCodeCheckoutReadAndRecordsTheEnd()
    {
        store.ReadyOrders.Add(new StoreOrderSummary("o1", OrderState.Ready, null, null, 1, 1, false));
        store.PickupCodes["o1"] = "483920";

        await Scenario(Agreeing).RunAsync(Arrival(1));

        Assert.Equal(["orders S1 Ready", "pickup-code o1", "collect S1 o1 483920"], store.Calls.TakeLast(3));
        Assert.Equal(OrderState.Collected, Assert.Single(ledger.Orders).EndAcknowledged);
    }

    [Fact]
    public async Task RunAsync_CollectNeverAnswered_EitherEndStaysPossible()
    {
        store.ReadyOrders.Add(new StoreOrderSummary("o1", OrderState.Ready, null, null, 1, 1, false));
        store.PickupCodes["o1"] = "483920";
        store.CollectAnswer = _ => ServiceAnswers.Failure<Order>(0, "timeout");

        await Scenario(Agreeing).RunAsync(Arrival(1));

        var tracked = Assert.Single(ledger.Orders);
        Assert.Null(tracked.EndAcknowledged);
        Assert.Equal(OrderState.Collected, tracked.UnansweredEnd);
    }

    [Fact]
    public async Task RunAsync_NoShowBeforeAndAfterTheCompressedCollectBy_WaitsThenTheStoreCancels()
    {
        store.ReadyOrders.Add(new StoreOrderSummary("o1", OrderState.Ready, null, null, 1, 1, false));
        var scenario = Scenario(Agreeing with { NoShowShare = 1, CollectWithinSeconds = 5 });

        await scenario.RunAsync(Arrival(1));
        Assert.DoesNotContain(store.Calls, call => call.Contains("cancel", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromSeconds(6));
        await scenario.RunAsync(Arrival(2));

        Assert.Contains(store.Calls, call => call.StartsWith("store-cancel S1 o1 no-show", StringComparison.Ordinal));
        Assert.Equal(OrderState.Cancelled, Assert.Single(ledger.Orders).EndAcknowledged);
        Assert.Equal(1, ledger.FloorCounts["no-shows cancelled"]);
    }

    [Fact]
    public async Task RunAsync_CustomerCancels_UsesTheCheckoutCancel()
    {
        store.ReadyOrders.Add(new StoreOrderSummary("o1", OrderState.Ready, null, null, 1, 1, false));

        await Scenario(Agreeing with { CustomerCancelShare = 1 }).RunAsync(Arrival(1));

        Assert.Contains("customer-cancel o1", store.Calls);
        Assert.DoesNotContain(store.Calls, call => call.StartsWith("collect", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NoStoreWithWork_SendsNothing()
    {
        var empty = new RunLedger();
        var context = new ScenarioContext(service, new StepRunner(metrics, limiter, new RunClock(time)), empty, Pool, "run", 60, 1, CancellationToken.None, CancellationToken.None, store);

        await new StoreStaffScenario("store-staff", context, store, Agreeing).RunAsync(Arrival(1));

        Assert.Empty(store.Calls);
    }

    public void Dispose() => limiter.Dispose();

    private static Arrival Arrival(long index) => new("store-staff", index, TimeSpan.Zero, IsOpenModel: false);

    private StoreStaffScenario Scenario(ShopFloorDecisions decisions)
    {
        var context = new ScenarioContext(service, new StepRunner(metrics, limiter, new RunClock(time)), ledger, Pool, "run", 60, 1, CancellationToken.None, CancellationToken.None, store);
        return new StoreStaffScenario("store-staff", context, store, decisions);
    }
}
