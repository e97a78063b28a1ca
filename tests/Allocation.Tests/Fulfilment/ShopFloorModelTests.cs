using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;
using Allocation.Verification;

namespace Allocation.Tests.Fulfilment;

/// <summary>
/// The shop floor at peak, model-based and seeded (issue 18): many orders through every step while till sales, counts,
/// adjustments and receipts hit the same SKU-stores, order and stock writes fail now and then (a lost batch) and idle
/// grains are deactivated in between. A step may fail only as a lost write does (the 503 of the API); anything else
/// is a 5xx and fails the run. After recovery: the ledger folds to the counts, committed equals the orders' open
/// lines, nothing is held, every open order is in its stores' lists, and no order is left with a step half-done.
/// </summary>
[Collection(FaultyClusterCollection.Name)]
public sealed class ShopFloorModelTests(FaultyClusterFixture fixture) : IAsyncLifetime
{
    private const int Steps = 300;
    private const int WriteFailurePercent = 4;
    private static readonly string[] Stores = [OrderScenario.Pickup, OrderScenario.Source, OrderScenario.Other];
    private readonly OrderScenario scenario = new(fixture.Client, fixture.Time);
    private readonly List<string> skus = [Keys.NewId("SKU"), Keys.NewId("SKU")];
    private readonly List<string> orders = [];
    private Random random = new(0);
    private int lostWrites;

    public Task InitializeAsync() => scenario.SetUpAsync();

    public Task DisposeAsync()
    {
        fixture.Ledger.FailBatch = null;
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(7)]
    [InlineData(41)]
    public async Task RandomShopFloor_ShelvesRaceTheStepsWithLostWrites_EverythingReconciles(int seed)
    {
        random = new Random(seed);
        foreach (var sku in skus)
        {
            foreach (var store in Stores)
            {
                await scenario.ReceiveAsync(store, store == OrderScenario.Pickup ? 4 : 20, sku);
            }
        }

        for (var step = 0; step < Steps; step++)
        {
            await StepAsync();
        }

        fixture.Ledger.FailBatch = null;
        await RecoverAsync();
        await ReconcileAsync();
        Assert.True(lostWrites > 0, "no write was lost: the run did not test failures");
    }

    private async Task StepAsync()
    {
        var choice = random.Next(100);
        if (choice < 15 || orders.Count == 0)
        {
            // Checkout is the write path's own (issue 17): its writes are not failed here.
            fixture.Ledger.FailBatch = null;
            await ReserveAsync();
            return;
        }

        var shared = new Random(random.Next());
        fixture.Ledger.FailBatch = _ => { lock (shared) { return shared.Next(100) < WriteFailurePercent; } };
        try
        {
            await (choice switch
            {
                < 30 => ShelfMovesAsync(),
                < 34 => DeactivateIdleGrainsAsync(),
                < 38 => scenario.StoreOrders(Stores[random.Next(Stores.Length)]).StartWave(Keys.NewId("w")),
                < 42 => SweepAsync(),
                < 48 => CancelAsync(),
                _ => NextStepAsync(orders[random.Next(orders.Count)]),
            });
        }
        catch (LedgerWriteFailedException)
        {
            // The API answers this as 503 "retry"; recovery or the retry finishes the step.
            lostWrites++;
        }
    }

    /// <summary>The shelf moves under the orders: a till sale, a count, an adjustment or a late receipt.</summary>
    private async Task ShelfMovesAsync()
    {
        var sku = skus[random.Next(skus.Count)];
        var store = Stores[random.Next(Stores.Length)];
        var request = random.Next(4) switch
        {
            0 => new MovementRequest(MovementKind.Sale, random.Next(1, 4), Keys.NewId("till")),
            1 => new MovementRequest(MovementKind.Count, random.Next(0, 9), Keys.NewId("count")),
            2 => new MovementRequest(MovementKind.Adjustment, random.Next(-2, 3) is var delta and not 0 ? delta : 1, Keys.NewId("adj"), "damaged"),
            _ => new MovementRequest(MovementKind.Receipt, random.Next(1, 6), Keys.NewId("grn")),
        };
        var result = await scenario.Stock(store, sku).Move(request);
        Assert.True(result.Outcome is MovementOutcome.Applied or MovementOutcome.Rejected, $"{request}: {result.Outcome} {result.Message}");
    }

    private async Task DeactivateIdleGrainsAsync() =>
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>
    /// Days pass (no-shows expire). The service's sweep finishes cut-off steps within minutes, long inside the stock's
    /// memory of ended holds (a day): so steps cut off before are recovered first, with the database back.
    /// </summary>
    private async Task SweepAsync()
    {
        fixture.Ledger.FailBatch = null;
        await RecoverAsync();
        fixture.Time.Advance(TimeSpan.FromDays(random.Next(4) == 0 ? 8 : 1));
        await fixture.Cluster.Get<OrderExpirySweep>().RunOnceAsync(CancellationToken.None);
    }

    private async Task CancelAsync()
    {
        var id = orders[random.Next(orders.Count)];
        await scenario.Order(id).Cancel(new CancelRequest(Keys.NewId("x"), random.Next(2) == 0 ? null : Stores[random.Next(Stores.Length)], "changed my mind"));
    }

    /// <summary>The step a store would take next, with any found quantity 0..line for a pick (the shelf decides).</summary>
    private async Task NextStepAsync(string id)
    {
        var order = scenario.Order(id);
        if (await order.Get() is not { State: not (OrderState.Collected or OrderState.Cancelled or OrderState.Expired) } view)
        {
            return;
        }

        if (view.Lines.FirstOrDefault(line => line.State == OrderLineState.Committed) is { } committed)
        {
            var found = random.Next(3) == 0 ? random.Next(committed.Quantity + 1) : committed.Quantity;
            await order.ConfirmPick(new PickConfirmation(Keys.NewId("p"), committed.SourceStoreId, committed.Sku, found));
        }
        else if (view.Lines.FirstOrDefault(line => line.State == OrderLineState.Picked) is { } picked)
        {
            await order.Dispatch(new StoreAction(Keys.NewId("d"), picked.SourceStoreId));
        }
        else if (view.Lines.Any(line => line.State == OrderLineState.InTransit))
        {
            await order.Receive(new StoreAction(Keys.NewId("r"), view.PickupStoreId));
        }
        else if (view.State != OrderState.Ready)
        {
            await order.MarkReady(new StoreAction(Keys.NewId("rd"), view.PickupStoreId));
        }
        else if ((await order.GetPickupCode()).PickupCode is { } code)
        {
            await order.Collect(new CollectRequest(Keys.NewId("c"), view.PickupStoreId, code));
        }
    }

    private async Task ReserveAsync()
    {
        var id = Keys.NewId("ord");
        var lines = skus.Where(_ => random.Next(2) == 0).Select(sku => new RequestedLine(sku, random.Next(1, 4))).DefaultIfEmpty(new RequestedLine(skus[0], 1)).ToList();
        var held = await scenario.Reservation(id).Reserve(new ReservationRequest(lines, 3_600, OrderScenario.Pickup));
        if (held.Outcome == ReservationOutcome.Held)
        {
            Assert.Equal(ReservationOutcome.Confirmed, (await scenario.Reservation(id).Confirm()).Outcome);
            orders.Add(id);
        }
    }

    /// <summary>Every step cut off by a lost write is finished: the sweep's recovery, then each order asked once more.</summary>
    private async Task RecoverAsync()
    {
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await DeactivateIdleGrainsAsync();
        await fixture.Cluster.Get<OrderExpirySweep>().RecoverOnceAsync(CancellationToken.None);
        foreach (var id in orders)
        {
            await scenario.Order(id).Recover();
        }

        var pending = await fixture.Cluster.Get<ILedgerStore>().ListRecordOwnersAsync(StorageNames.OrderRecord, StorageNames.PendingStatus, fixture.Time.GetUtcNow().AddDays(1), 1_000, CancellationToken.None);
        Assert.DoesNotContain(pending, owner => orders.Any(id => owner.OwnerKey == new OrderKey(scenario.TenantId, id).ToGrainKey()));
    }

    private async Task ReconcileAsync()
    {
        var views = (await Task.WhenAll(orders.Select(id => scenario.Order(id).Get()))).Select((view, index) => view ?? throw new Xunit.Sdk.XunitException($"paid order {orders[index]} is unknown")).ToList();
        Assert.Contains(views, view => view.State == OrderState.Collected);
        Assert.Contains(views.SelectMany(view => view.Lines), line => line.WrittenOff > 0);
        foreach (var sku in skus)
        {
            foreach (var store in Stores)
            {
                var fold = LedgerFold.Rebuild(await OrderScenario.LedgerAsync(fixture.Cluster, store, scenario.TenantId, sku));
                Assert.True(fold.Reconciles, $"{sku}@{store}: {fold.Problem}");
                var counts = await scenario.CountsAsync(store, sku);
                Assert.Equal(fold.Counts.ToContract(), counts);
                var open = views.SelectMany(view => view.Lines).Where(line => line.Sku == sku && line.SourceStoreId == store && line.State == OrderLineState.Committed).Sum(line => line.Quantity);
                Assert.Equal((sku, store, open, 0), (sku, store, counts.Committed, counts.Held));
            }

            var inTransit = views.SelectMany(view => view.Lines).Where(line => line.Sku == sku && line.State == OrderLineState.InTransit).Sum(line => line.Picked);
            Assert.Equal(inTransit, (await scenario.CountsAsync(OrderScenario.Pickup, sku)).InTransit);
        }

        await AssertListedAsync(views);
    }

    /// <summary>Every open order is in its pickup store's list, and every committed line in its source store's pick list.</summary>
    private async Task AssertListedAsync(List<OrderView> views)
    {
        var atPickup = (await scenario.StoreOrders(OrderScenario.Pickup).GetOrders(null)).Orders.Select(order => order.OrderId).ToHashSet();
        var toPick = new Dictionary<string, HashSet<string>>();
        foreach (var store in Stores)
        {
            var list = await scenario.StoreOrders(store).GetPickList();
            toPick[store] = [.. list.Unassigned.Concat(list.Waves.SelectMany(wave => wave.Lines)).Select(line => line.OrderId)];
        }

        foreach (var view in views.Where(view => view.State is not (OrderState.Collected or OrderState.Cancelled or OrderState.Expired)))
        {
            Assert.Contains(view.OrderId, atPickup);
            foreach (var line in view.Lines.Where(line => line.State == OrderLineState.Committed))
            {
                Assert.Contains(view.OrderId, toPick[line.SourceStoreId]);
            }
        }
    }
}
