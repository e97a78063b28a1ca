using Allocation.Contracts.Orders;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;
using Allocation.Verification;

namespace Allocation.Tests.Fulfilment;

/// <summary>
/// Many orders, seeded random steps (reserve, confirm, waves, picks and short picks, dispatch, receive, ready, right and
/// wrong codes, cancels, no-shows on the fake clock, plus steps that must be refused). Afterwards every SKU-store's
/// ledger folds to its counts, and counts, ledger and order states agree exactly: no unit created or lost.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class RandomizedLifecycleTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private const int Steps = 400;
    private static readonly string[] Stores = [OrderScenario.Pickup, OrderScenario.Source, OrderScenario.Other];
    private readonly OrderScenario scenario = new(fixture.Client, fixture.Time);
    private readonly List<string> skus = [Keys.NewId("SKU"), Keys.NewId("SKU")];
    private readonly Dictionary<string, int> received = [];
    private readonly List<string> orders = [];

    public Task InitializeAsync() => scenario.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(11)]
    [InlineData(29)]
    public async Task RandomSteps_ManyOrders_StockLedgerAndOrdersReconcileExactly(int seed)
    {
        var random = new Random(seed);
        foreach (var sku in skus)
        {
            await ReceiveAsync(sku, OrderScenario.Source, 25);
            await ReceiveAsync(sku, OrderScenario.Other, 25);
            await ReceiveAsync(sku, OrderScenario.Pickup, 4);
        }

        for (var step = 0; step < Steps; step++)
        {
            await StepAsync(random);
        }

        await ReconcileAsync();
    }

    private async Task StepAsync(Random random)
    {
        var choice = random.Next(100);
        if (choice < 15 || orders.Count == 0)
        {
            await ReserveAsync(random);
            return;
        }

        var id = orders[random.Next(orders.Count)];
        var order = scenario.Order(id);
        var view = await order.Get();
        var store = Stores[random.Next(Stores.Length)];
        if (view is { State: not (OrderState.Collected or OrderState.Cancelled or OrderState.Expired) } && random.Next(10) < 6)
        {
            await NextStepAsync(order, view, random);
            return;
        }

        switch (choice)
        {
            case < 20:
                await scenario.StoreOrders(store).StartWave(Keys.NewId("w"));
                break;
            case < 45 when view?.Lines.FirstOrDefault(line => line.State == OrderLineState.Committed) is { } line:
                var found = random.Next(4) == 0 ? random.Next(line.Quantity + 1) : line.Quantity;
                await order.ConfirmPick(new PickConfirmation(Keys.NewId("p"), line.SourceStoreId, line.Sku, found));
                break;
            case < 55:
                await order.Dispatch(new StoreAction(Keys.NewId("d"), store));
                break;
            case < 65:
                await order.Receive(new StoreAction(Keys.NewId("r"), OrderScenario.Pickup));
                await order.MarkReady(new StoreAction(Keys.NewId("rd"), OrderScenario.Pickup));
                break;
            case < 78:
                var code = (await order.GetPickupCode()).PickupCode ?? "123456";
                var offered = random.Next(3) == 0 ? ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) : code;
                await order.Collect(new CollectRequest(Keys.NewId("c"), random.Next(5) == 0 ? store : OrderScenario.Pickup, offered));
                break;
            case < 88:
                await order.Cancel(new CancelRequest(Keys.NewId("x"), random.Next(2) == 0 ? null : store, "random cancel"));
                break;
            case < 92:
                fixture.Time.Advance(TimeSpan.FromDays(random.Next(4) == 0 ? 8 : 1));
                await fixture.Cluster.Get<OrderExpirySweep>().RunOnceAsync(CancellationToken.None);
                break;
            default:
                // Steps that must change nothing: another store's pick, an over-large quantity, collect before ready.
                await order.ConfirmPick(new PickConfirmation(Keys.NewId("p"), store, skus[0], 1_000));
                break;
        }
    }

    /// <summary>The step a store would take next for this order, so walks reach every state, not only the first ones.</summary>
    private static async Task NextStepAsync(IOrderGrain order, OrderView view, Random random)
    {
        if (view.Lines.FirstOrDefault(line => line.State == OrderLineState.Committed) is { } committed)
        {
            var found = random.Next(5) == 0 ? random.Next(committed.Quantity) : committed.Quantity;
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
        else
        {
            var code = (await order.GetPickupCode()).PickupCode!;
            var offered = random.Next(4) == 0 ? (code == "000000" ? "000001" : "000000") : code;
            await order.Collect(new CollectRequest(Keys.NewId("c"), view.PickupStoreId, offered));
        }
    }

    private async Task ReserveAsync(Random random)
    {
        var id = Keys.NewId("ord");
        var lines = skus.Where(_ => random.Next(2) == 0).Select(sku => new RequestedLine(sku, random.Next(1, 4))).ToList();
        if (lines.Count == 0)
        {
            lines.Add(new RequestedLine(skus[0], 1));
        }

        var held = await scenario.Reservation(id).Reserve(new ReservationRequest(lines, 3_600, OrderScenario.Pickup));
        if (held.Outcome == ReservationOutcome.Held && random.Next(10) > 0)
        {
            Assert.Equal(ReservationOutcome.Confirmed, (await scenario.Reservation(id).Confirm()).Outcome);
            orders.Add(id);
        }
        else if (held.Outcome == ReservationOutcome.Held)
        {
            await scenario.Reservation(id).Release();
        }
    }

    private async Task ReceiveAsync(string sku, string store, int units)
    {
        await scenario.ReceiveAsync(store, units, sku);
        received[sku] = received.GetValueOrDefault(sku) + units;
    }

    private async Task ReconcileAsync()
    {
        var views = (await Task.WhenAll(orders.Select(id => scenario.Order(id).Get()))).OfType<OrderView>().ToList();
        var reached = views.Select(view => view.State).ToHashSet();
        Assert.True(reached.IsSupersetOf([OrderState.Collected, OrderState.Cancelled, OrderState.Expired]), "the walk missed an end: " + string.Join(",", reached));
        Assert.Contains(views.SelectMany(view => view.Lines), line => line.WrittenOff > 0);
        Assert.Contains(views.SelectMany(view => view.Lines), line => line.State == OrderLineState.InTransit || line.SourceStoreId != OrderScenario.Pickup && line.State == OrderLineState.Collected);
        foreach (var view in views)
        {
            // One owner per phase: the paid reservation's read follows its order, whatever the order went through.
            var read = (await scenario.Reservation(view.OrderId).Get())!;
            Assert.Equal((view.State, view.State == OrderState.Cancelled ? ReservationStatus.Released : ReservationStatus.Confirmed), (read.OrderState!.Value, read.Status));
            Assert.Equal(BasketLines.Normalize(view.Lines.Where(line => line.Quantity > line.WrittenOff).Select(line => new ReservationLine(line.Sku, line.SourceStoreId, line.Quantity - line.WrittenOff))), read.Lines);
        }

        foreach (var sku in skus)
        {
            var counts = new Dictionary<string, StockCounts>();
            var writtenOff = 0;
            foreach (var store in Stores)
            {
                var entries = await scenario.LedgerAsync(fixture, store, sku);
                var fold = LedgerFold.Rebuild(entries);
                Assert.True(fold.Reconciles, $"{sku}@{store}: {fold.Problem}");
                counts[store] = await scenario.CountsAsync(store, sku);
                Assert.Equal(fold.Counts.ToContract(), counts[store]);
                writtenOff -= entries.Where(entry => entry is { Kind: LedgerEntryKind.Adjustment, Reason: "short-pick" }).Sum(entry => entry.Quantity);
                var committedByOrders = views.SelectMany(view => view.Lines).Where(line => line.Sku == sku && line.SourceStoreId == store && line.State == OrderLineState.Committed).Sum(line => line.Quantity);
                Assert.Equal(committedByOrders, counts[store].Committed);
                Assert.Equal(0, counts[store].Held);
            }

            var inTransitByOrders = views.Where(view => view.PickupStoreId == OrderScenario.Pickup).SelectMany(view => view.Lines).Where(line => line.Sku == sku && line.State == OrderLineState.InTransit).Sum(line => line.Picked);
            Assert.Equal(inTransitByOrders, counts.Values.Sum(count => count.InTransit));
            var lines = views.SelectMany(view => view.Lines).Where(line => line.Sku == sku).ToList();
            var withOrders = lines.Where(line => line.State is OrderLineState.Picked or OrderLineState.AtPickupStore or OrderLineState.Collected).Sum(line => line.Picked);
            var writtenOffByOrders = lines.Sum(line => line.WrittenOff);
            Assert.Equal(writtenOffByOrders, writtenOff);
            // Every unit received is on a shelf, on the road, with an order (picked, staged or collected) or written off.
            Assert.Equal(received[sku], counts.Values.Sum(count => count.OnHand + count.InTransit) + withOrders + writtenOff);
        }
    }
}
