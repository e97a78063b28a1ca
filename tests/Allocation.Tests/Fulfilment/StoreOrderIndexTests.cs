using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Grains.Common;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Fulfilment;

/// <summary>Issue 21: a store's lists cost what is open. Ended orders leave the index; a bounded recent list stays.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class StoreOrderIndexTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private OrderScenario scenario = null!;

    public async Task InitializeAsync()
    {
        scenario = new OrderScenario(fixture.Client, fixture.Time);
        await scenario.SetUpAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetOrders_OrderCollected_LeavesTheOpenIndexAndStaysInTheRecentList()
    {
        var id = await scenario.ReadyOrderAsync(1);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;
        Assert.Equal(OrderActionOutcome.Done, (await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code))).Outcome);

        var listed = await scenario.StoreOrders(OrderScenario.Pickup).GetOrders(null);
        var collected = await scenario.StoreOrders(OrderScenario.Pickup).GetOrders(OrderState.Collected);

        Assert.DoesNotContain(listed.Orders, order => order.OrderId == id);
        Assert.Equal(1, listed.Counts[OrderState.Collected]);
        Assert.Equal(id, Assert.Single(collected.Orders).OrderId);
        // The index rows follow off the list's path; deactivating the store waits for them.
        await fixture.Cluster.DeactivateAsync(scenario.StoreOrders(OrderScenario.Pickup));
        var store = new StoreKey(scenario.TenantId, OrderScenario.Pickup).ToGrainKey();
        Assert.Empty(await StoredAsync(new RecordOwner(StorageNames.StoreOrderRecord, store)));
        Assert.Equal(id, Assert.Single(await StoredAsync(new RecordOwner(StorageNames.StoreEndedOrderRecord, store))).ItemKey);
        // The source store's index let it go too (it keeps no summary: the order was not picked up there).
        var source = new StoreKey(scenario.TenantId, OrderScenario.Source).ToGrainKey();
        await scenario.StoreOrders(OrderScenario.Source).GetPickList();
        await fixture.Cluster.DeactivateAsync(scenario.StoreOrders(OrderScenario.Source));
        Assert.Empty(await StoredAsync(new RecordOwner(StorageNames.StoreOrderRecord, source)));
    }

    private async Task<List<StoredRecord>> StoredAsync(RecordOwner owner) =>
        (await fixture.Cluster.Get<ILedgerStore>().ReadRecordsAsync([owner], CancellationToken.None)).GetValueOrDefault(owner) ?? [];

    [Fact]
    public async Task Collect_OrderEnds_ItsStoresLetItGoWithoutAList()
    {
        var id = await scenario.ReadyOrderAsync(1);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;

        Assert.Equal(OrderActionOutcome.Done, (await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code))).Outcome);

        // No list is read: the collected order told both stores, and their index rows follow.
        var pickup = new StoreKey(scenario.TenantId, OrderScenario.Pickup).ToGrainKey();
        var source = new StoreKey(scenario.TenantId, OrderScenario.Source).ToGrainKey();
        Assert.True(await RowsEventuallyAsync(new RecordOwner(StorageNames.StoreEndedOrderRecord, pickup), rows => rows.Any(row => row.ItemKey == id)), "the pickup store kept no summary");
        Assert.True(await RowsEventuallyAsync(new RecordOwner(StorageNames.StoreOrderRecord, pickup), rows => rows.All(row => row.ItemKey != id)), "the pickup store still lists it as open");
        Assert.True(await RowsEventuallyAsync(new RecordOwner(StorageNames.StoreOrderRecord, source), rows => rows.All(row => row.ItemKey != id)), "the source store still lists it as open");
        var listed = await scenario.StoreOrders(OrderScenario.Pickup).GetOrders(OrderState.Collected);
        Assert.Equal(id, Assert.Single(listed.Orders).OrderId);
    }

    [Fact]
    public async Task Collect_OrderEnds_LeavesMemoryAndAnswersFromItsRecord()
    {
        var id = await scenario.ReadyOrderAsync(1);
        var order = scenario.Order(id);
        var code = (await order.GetPickupCode()).PickupCode!;
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        Assert.Equal(1, await management.GetGrainActivationCount((GrainReference)order));

        Assert.Equal(OrderActionOutcome.Done, (await order.Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code))).Outcome);

        // An ended order leaves memory once the step is answered, not after the idle age; a later read reloads it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await management.GetGrainActivationCount((GrainReference)order) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        Assert.Equal(0, await management.GetGrainActivationCount((GrainReference)order));
        Assert.Equal(OrderState.Collected, (await order.Get())!.State);
    }

    [Fact]
    public async Task Changed_ViewOfAnOrderNotTrackedHere_ChangesNothing()
    {
        var id = await scenario.ReadyOrderAsync(1);
        var store = scenario.StoreOrders(OrderScenario.Pickup);
        var ready = (await scenario.Order(id).Get())!;

        // A view of an order this store does not list, open or ended, is neither listed nor retired.
        await store.Changed(ready with { OrderId = "no-such-order" });
        await store.Changed(ready with { OrderId = "no-such-order", State = OrderState.Collected });

        var listed = await store.GetOrders(null);
        Assert.Equal(OrderState.Ready, Assert.Single(listed.Orders, order => order.OrderId == id).State);
        Assert.DoesNotContain(listed.Orders, order => order.OrderId == "no-such-order");
        Assert.Empty((await store.GetOrders(OrderState.Collected)).Orders);
    }

    [Fact]
    public async Task Changed_WrongViewTold_ListedAsToldUntilTheRecheckAsksTheOrder()
    {
        var first = await scenario.ReadyOrderAsync(1);
        var second = await scenario.ReadyOrderAsync(1);
        var store = scenario.StoreOrders(OrderScenario.Pickup);
        await store.GetOrders(null);
        var ready = (await scenario.Order(second).Get())!;

        // The store lists what it was told without asking the order (a tell that does not match the order stands in
        // for one lost or reordered), and asks every order again beside its lists, each within the recheck lists.
        await store.Changed(ready with { Late = true });
        Assert.True(Assert.Single((await store.GetOrders(null)).Orders, order => order.OrderId == second).Late);
        var corrected = false;
        for (var list = 0; list <= StoreOrderIndex.RecheckListsMax && !corrected; list++)
        {
            corrected = !await LateAsync(store, second);
        }

        Assert.True(corrected || await EventuallyAsync(async () => !await LateAsync(store, second)), "the wrong view was never asked again");
        Assert.Contains((await store.GetOrders(null)).Orders, order => order.OrderId == first);
    }

    private static async Task<bool> LateAsync(IStoreOrdersGrain store, string orderId) =>
        Assert.Single((await store.GetOrders(null)).Orders, order => order.OrderId == orderId).Late;

    /// <summary>Tries the condition until it holds or 10 s pass (a recheck's answer comes beside the list that asked it).</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        return true;
    }

    /// <summary>Reads the stored rows until they satisfy the condition (the stores' writes follow the order's answer).</summary>
    private Task<bool> RowsEventuallyAsync(RecordOwner owner, Func<List<StoredRecord>, bool> condition) =>
        EventuallyAsync(async () => condition(await StoredAsync(owner)));

    [Fact]
    public async Task RetentionSweep_CollectedOrderPastItsWindow_RecordsDeletedWithTheReservation()
    {
        var id = await scenario.ReadyOrderAsync(1);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;
        await scenario.Order(id).Collect(new CollectRequest(Keys.NewId("c"), OrderScenario.Pickup, code));
        var owners = new[] { new RecordOwner(StorageNames.OrderRecord, new OrderKey(scenario.TenantId, id).ToGrainKey()), new RecordOwner(StorageNames.ReservationRecord, new Allocation.Contracts.Reservations.ReservationKey(scenario.TenantId, id).ToGrainKey()) };
        var ledger = fixture.Cluster.Get<ILedgerStore>();
        Assert.Equal(2, (await ledger.ReadRecordsAsync(owners, CancellationToken.None)).Count(pair => pair.Value.Count > 0));

        fixture.Time.Advance(TimeSpan.FromDays(new RetentionOptions().OrderRecordRetentionDays + 1));
        // The silo's own sweep may run first (the advance fires its timer); a pass here makes sure one has run.
        await fixture.Cluster.Get<RetentionSweep>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, (await ledger.ReadRecordsAsync(owners, CancellationToken.None)).Count(pair => pair.Value.Count > 0));
    }

    [Fact]
    public void Retire_MoreEndedOrdersThanListed_OldestEvicted()
    {
        var index = new StoreOrderIndex("P", endedListedMax: 2);
        var start = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        foreach (var id in new[] { "a", "b", "c" })
        {
            Assert.True(index.Track(id));
        }

        var evicted = new List<string>();
        for (var index2 = 0; index2 < 3; index2++)
        {
            var id = new[] { "a", "b", "c" }[index2];
            evicted.AddRange(index.Retire(Ended(id, "P", start.AddMinutes(index2)), start).Evicted);
        }

        Assert.Empty(index.OpenIds);
        Assert.Equal(["a"], evicted);
        Assert.Equal(["b", "c"], index.Ended.Select(order => order.Summary.OrderId).Order());
        Assert.False(index.Track("b"));
    }

    [Fact]
    public void Retire_OrderPickedUpElsewhere_KeepsNoSummary()
    {
        var index = new StoreOrderIndex("S", endedListedMax: 10);
        index.Track("a");

        var (kept, evicted) = index.Retire(Ended("a", "P", DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch);

        Assert.Null(kept);
        Assert.Empty(evicted);
        Assert.Empty(index.OpenIds);
        Assert.Empty(index.Ended);
    }

    [Fact]
    public void NextAsk_OrdersHeardFrom_OnlyTheUnheardAndAShareOfTheOthersAsked()
    {
        var index = new StoreOrderIndex("S", endedListedMax: 10);
        var heard = Enumerable.Range(0, 2 * StoreOrderIndex.RecheckListsMax).Select(number => $"h{number:D2}").ToList();
        foreach (var id in heard.Append("new"))
        {
            index.Track(id);
        }

        foreach (var id in heard)
        {
            index.Told(Open(id, OrderState.Paid, ("S", OrderLineState.Committed)));
        }

        var (unheard, recheck) = index.NextAsk();
        var (_, nextRecheck) = index.NextAsk();

        // The new order is waited for; of the others a share (rounded up) is asked, the ones heard from longest ago
        // first (told in order), and the next list asks the next ones even before those answered.
        Assert.Equal(["new"], unheard);
        Assert.Equal(["h00", "h01"], recheck);
        Assert.Equal(["h02", "h03"], nextRecheck);
        Assert.Equal(heard, index.Views.Select(view => view.OrderId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NextAsk_TellsLost_EveryOrderAskedWithinTheRecheckLists()
    {
        var (index, heard) = IndexWithWaiting(3 * StoreOrderIndex.RecheckListsMax);

        // Each list's answers are seen again; none of them says its order ended (that tell was lost for all of them).
        var asked = new HashSet<string>(StringComparer.Ordinal);
        for (var list = 0; list < StoreOrderIndex.RecheckListsMax; list++)
        {
            var askedAt = index.HeardCount;
            var (unheard, ask) = index.NextAsk();
            Assert.Empty(unheard);
            Assert.Equal(3, ask.Count);
            foreach (var id in ask)
            {
                asked.Add(id);
                index.Seen(Open(id, OrderState.Ready, ("S", OrderLineState.AtPickupStore)), askedAt);
            }
        }

        Assert.Equal(heard, asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Told_NewerView_ListedAndAskedLast()
    {
        var (index, heard) = IndexWithWaiting(2 * StoreOrderIndex.RecheckListsMax);
        index.NextAsk();

        index.Told(Open(heard[0], OrderState.Picking, ("S", OrderLineState.Picked)));

        Assert.Equal(OrderState.Picking, Assert.Single(index.Views, view => view.OrderId == heard[0]).State);
        Assert.DoesNotContain(heard[0], index.NextAsk().Recheck);
    }

    [Fact]
    public void Told_OrderNotOpenHere_ChangesNothing()
    {
        var index = new StoreOrderIndex("S", endedListedMax: 10);
        index.Track("a");
        index.Retire(Ended("a", "S", DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch);

        index.Told(Open("a", OrderState.Paid, ("S", OrderLineState.Committed)));
        index.Told(Open("never-tracked", OrderState.Paid, ("S", OrderLineState.Committed)));

        Assert.Empty(index.Views);
        Assert.Empty(index.OpenIds);
        Assert.Equal((0, 0), (index.NextAsk().Unheard.Count, index.NextAsk().Recheck.Count));
    }

    [Fact]
    public void Seen_AnswerAskedForBeforeTheLatestTrack_ChangesNothing()
    {
        var index = new StoreOrderIndex("S", endedListedMax: 10);
        index.Track("a");
        var askedAt = index.HeardCount;
        // The order gains a line here and tracks again while the list's question is under way (tracks interleave).
        index.Track("a");

        index.Seen(Open("a", OrderState.Picking, ("S", OrderLineState.Picked)), askedAt);

        Assert.Empty(index.Views);
        Assert.Equal(["a"], index.NextAsk().Unheard);
    }

    [Fact]
    public void Seen_AnswerAskedForBeforeTheOrdersTell_KeepsTheTold()
    {
        var index = new StoreOrderIndex("S", endedListedMax: 10);
        index.Track("a");
        var askedAt = index.HeardCount;
        // The order stores a step and tells while the list's question is under way; the answer predates the step.
        index.Told(Open("a", OrderState.Picking, ("S", OrderLineState.Picked)));

        index.Seen(Open("a", OrderState.Paid, ("S", OrderLineState.Committed)), askedAt);

        Assert.Equal(OrderState.Picking, Assert.Single(index.Views).State);
    }

    [Fact]
    public void Seen_EndedOrForgottenOrder_NeverListed()
    {
        var index = new StoreOrderIndex("S", endedListedMax: 10);
        index.Track("a");
        index.Track("b");
        index.Seen(Open("a", OrderState.Ready, ("S", OrderLineState.AtPickupStore)), index.HeardCount);

        index.Retire(Ended("a", "S", DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch);
        Assert.True(index.Forget("b"));
        index.Seen(Open("b", OrderState.Paid, ("S", OrderLineState.Committed)), index.HeardCount);

        Assert.Empty(index.Views);
        Assert.Empty(index.OpenIds);
    }

    [Fact]
    public void Track_OrderHeardFrom_ViewDroppedAndAskedByTheNextList()
    {
        var (index, heard) = IndexWithWaiting(2 * StoreOrderIndex.RecheckListsMax);

        // A track says the order may have gained a line here: its view is no longer trusted.
        var last = heard[^1];
        index.Track(last);

        Assert.DoesNotContain(index.Views, view => view.OrderId == last);
        Assert.Contains(last, index.NextAsk().Unheard);
    }

    /// <summary>An index of store "S" with <paramref name="count"/> orders seen ready for collection there ("w00", "w01", ...).</summary>
    private static (StoreOrderIndex Index, List<string> Waiting) IndexWithWaiting(int count)
    {
        var index = new StoreOrderIndex("S", endedListedMax: 10);
        var waiting = Enumerable.Range(0, count).Select(number => $"w{number:D2}").ToList();
        foreach (var id in waiting)
        {
            index.Track(id);
            index.Seen(Open(id, OrderState.Ready, ("S", OrderLineState.AtPickupStore)), index.HeardCount);
        }

        return (index, waiting);
    }

    private static OrderView Open(string id, OrderState state, params (string Store, OrderLineState State)[] lines) =>
        new(id, state, "S", null, null, null, null, false, null, false, 0, false, 1,
            [.. lines.Select(line => new OrderLineView("SKU", line.Store, 1, 0, 0, line.State, null, null))]);

    private static OrderView Ended(string id, string pickup, DateTimeOffset closedAt) =>
        new(id, OrderState.Collected, pickup, null, null, null, closedAt, false, null, false, 0, false, 1, []);
}
