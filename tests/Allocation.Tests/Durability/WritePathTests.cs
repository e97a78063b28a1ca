using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Reservations;
using Allocation.Tests.Support;

namespace Allocation.Tests.Durability;

/// <summary>
/// What a failed, refused or cut-off durable write leaves behind: nothing in memory that was not stored, no gap in a
/// ledger, no committed units stuck, no hold that outlives its deadline after a reload.
/// </summary>
[Collection(FaultyClusterCollection.Name)]
public sealed class WritePathTests(FaultyClusterFixture fixture) : IDisposable
{
    private readonly string sku = Keys.NewId("SKU");

    public void Dispose()
    {
        fixture.Ledger.FailBatch = null;
        fixture.Ledger.RefuseEntry = null;
        fixture.Ledger.ReleaseStaging();
    }

    [Fact]
    public async Task Confirm_RecordWriteFails_ReservationStillReadsHeldAndConfirmsOnRetry()
    {
        await Receive("S001", 5);
        var (id, reservation) = NewReservation();
        Assert.Equal(ReservationOutcome.Held, (await reservation.Reserve(Line("S001", 2))).Outcome);
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => record.Key.Owner.OwnerKey.EndsWith("|" + id, StringComparison.Ordinal));

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => reservation.Confirm());
        fixture.Ledger.FailBatch = null;

        Assert.Equal(ReservationStatus.Held, (await reservation.Get())!.Status);
        Assert.Equal(ReservationOutcome.Confirmed, (await reservation.Confirm()).Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
    }

    [Fact]
    public async Task Confirm_HandOverBatchFails_NoOrderAndTheRetryOpensItOnce()
    {
        var store = Keys.NewId("S");
        await Receive(store, 5);
        var (id, reservation) = NewReservation();
        Assert.Equal(ReservationOutcome.Held, (await reservation.Reserve(Line(store, 2))).Outcome);
        var order = fixture.Client.GetGrain<IOrderGrain>(new OrderKey(Keys.Tenant, id).ToGrainKey());
        var storeOrders = fixture.Client.GetGrain<IStoreOrdersGrain>(new StoreKey(Keys.Tenant, store).ToGrainKey());
        Assert.Null(await order.Get());
        // The batch with the order's opening record fails: the pending confirm, the order and its listing with it.
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => record.Key.Owner.Kind == StorageNames.OrderRecord && Owns(record, id));

        await Assert.ThrowsAnyAsync<Exception>(() => reservation.Confirm());
        fixture.Ledger.FailBatch = null;

        Assert.Equal(ReservationStatus.Held, (await EventuallyServed(reservation.Get))!.Status);
        Assert.Null(await order.Get());
        await fixture.Cluster.DeactivateAsync(storeOrders);
        Assert.DoesNotContain((await storeOrders.GetPickList()).Unassigned, line => line.OrderId == id);
        Assert.Equal(ReservationOutcome.Confirmed, (await EventuallyServed(reservation.Confirm)).Outcome);
        var opened = (await order.Get())!;
        Assert.Equal((OrderState.Paid, 2), (opened.State, Assert.Single(opened.Lines).Quantity));
        Assert.Equal(2, (await Stock(store).GetView()).Counts.Committed);
        await fixture.Cluster.DeactivateAsync(storeOrders);
        Assert.Contains((await storeOrders.GetPickList()).Unassigned, line => line.OrderId == id && line.Quantity == 2);
    }

    [Fact]
    public async Task Order_ConfirmCutOffAfterFirstLine_OrderCommitsTheRestAndTheReservationAgrees()
    {
        var (id, reservation) = await ConfirmCutOffAfterFirstLineAsync();
        var order = fixture.Client.GetGrain<IOrderGrain>(new OrderKey(Keys.Tenant, id).ToGrainKey());

        // The order was opened with the pending confirm: asked before any recovery, it sees its lines committed itself.
        var opened = (await EventuallyServed(order.Get))!;

        Assert.Equal((OrderState.Paid, 2), (opened.State, opened.Lines.Count));
        Assert.Equal(1, (await Stock("S002").GetView()).Counts.Committed);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await fixture.Cluster.Get<ReservationRecovery>().RunOnceAsync(CancellationToken.None);
        var read = (await reservation.Get())!;
        Assert.Equal((ReservationStatus.Confirmed, OrderState.Paid), (read.Status, read.OrderState));
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
    }

    [Fact]
    public async Task Recover_ConfirmCutOffThenTheOrderPicked_ReservationSettlesConfirmedAndReleasesNothing()
    {
        var (id, reservation) = await ConfirmCutOffAfterFirstLineAsync();
        var order = fixture.Client.GetGrain<IOrderGrain>(new OrderKey(Keys.Tenant, id).ToGrainKey());
        Assert.Equal(OrderState.Paid, (await EventuallyServed(order.Get))!.State);

        // The store picks before recovery comes back to the reservation: the order owns the basket since the batch.
        var picked = await order.ConfirmPick(new PickConfirmation(Keys.NewId("p"), "S002", sku, 1));
        Assert.Equal(OrderActionOutcome.Done, picked.Outcome);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await fixture.Cluster.Get<ReservationRecovery>().RunOnceAsync(CancellationToken.None);

        var read = (await reservation.Get())!;
        Assert.Equal((ReservationStatus.Confirmed, OrderState.Picking), (read.Status, read.OrderState));
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
        Assert.Equal((4, 0), ((await Stock("S002").GetView()).Counts.OnHand, (await Stock("S002").GetView()).Counts.Committed));
    }

    [Fact]
    public async Task Reserve_RecordWriteFails_AnsweredNotHeldAndRetryHoldsOnce()
    {
        await Receive("S001", 5);
        var (id, reservation) = NewReservation();
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => record.Key.Owner.OwnerKey.EndsWith("|" + id, StringComparison.Ordinal));

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => reservation.Reserve(Line("S001", 2)));
        fixture.Ledger.FailBatch = null;

        Assert.Null(await reservation.Get());
        Assert.Equal(ReservationOutcome.Held, (await reservation.Reserve(Line("S001", 2))).Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Held);
    }

    [Fact]
    public async Task Confirm_TellingTheStoreFailsAfterTheAnswer_PaidOrderStillOnItsStoresPickList()
    {
        var store = Keys.NewId("S");
        await Receive(store, 5);
        var (id, reservation) = NewReservation();
        Assert.Equal(ReservationOutcome.Held, (await reservation.Reserve(Line(store, 2))).Outcome);
        var storeOrders = fixture.Client.GetGrain<IStoreOrdersGrain>(new StoreKey(Keys.Tenant, store).ToGrainKey());
        Assert.Empty((await storeOrders.GetPickList()).Unassigned);
        var writer = fixture.Cluster.Get<LedgerWriter>();
        var epoch = writer.Epoch;
        // The active store grain is told, and its write fails; any listing in the confirm's own batch (beside its
        // pending record) is stored.
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => record.Key.Owner.Kind == StorageNames.StoreOrderRecord && record.Key.ItemKey == id)
            && !batch.Records.Any(record => Owns(record, id) && record.Status == StorageNames.PendingStatus);

        Assert.Equal(ReservationOutcome.Confirmed, (await reservation.Confirm()).Outcome);
        Assert.True(await Eventually(() => Task.FromResult(writer.Epoch != epoch)), "telling the store never wrote");
        fixture.Ledger.FailBatch = null;

        await fixture.Cluster.DeactivateAsync(storeOrders);
        var listed = await storeOrders.GetPickList();
        Assert.Contains(listed.Unassigned, line => line.OrderId == id && line.Quantity == 2);
    }

    [Fact]
    public async Task GetOrders_IndexWritesHeldOnDisk_AnswersWithoutThemAndTheRowLeavesAfter()
    {
        const string store = "S001";
        var storeOrders = fixture.Client.GetGrain<IStoreOrdersGrain>(new StoreKey(Keys.Tenant, store).ToGrainKey());
        var row = new RecordOwner(StorageNames.StoreOrderRecord, new StoreKey(Keys.Tenant, store).ToGrainKey());
        // An id the store tracks whose order no longer exists (its records past their retention): only a list finds that
        // out (an order that ends tells its stores itself, so its row may leave before any list).
        var gone = Keys.NewId("gone");
        await storeOrders.Track(gone);
        Assert.Contains(await StoredIndexAsync(row), record => record.ItemKey == gone);
        fixture.Ledger.HoldStaging();

        // Every batch waits on the disk: the list still answers, without the id, while the removal of its row waits.
        var listed = await storeOrders.GetOrders(null).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(listed.Orders, listedOrder => listedOrder.OrderId == gone);
        Assert.Contains(await StoredIndexAsync(row), record => record.ItemKey == gone);
        fixture.Ledger.ReleaseStaging();
        Assert.True(await Eventually(async () => (await StoredIndexAsync(row)).All(record => record.ItemKey != gone)), "the row of the order that no longer exists was never removed");
    }

    private async Task<List<StoredRecord>> StoredIndexAsync(RecordOwner owner) =>
        (await fixture.Cluster.Get<ILedgerStore>().ReadRecordsAsync([owner], CancellationToken.None)).GetValueOrDefault(owner) ?? [];

    [Fact]
    public async Task Hold_BookRuleThrows_ServedAgainWithTheStoredCounts()
    {
        await Receive("S001", 5);
        var stock = Stock("S001");
        Assert.Equal(HoldOutcome.Held, (await stock.Hold(new HoldRequest(Keys.NewId("R"), 2, 600))).Outcome);

        // A quantity no caller may send breaks the book's own invariant: the guard drops the activation.
        await Assert.ThrowsAnyAsync<Exception>(() => stock.Hold(new HoldRequest(Keys.NewId("R"), -3, 600)));

        var reloaded = await EventuallyServed(() => stock.GetView());
        Assert.Equal(2, reloaded.Counts.Held);
        Assert.Equal(3, reloaded.Counts.Available);
    }

    [Fact]
    public async Task Reserve_FinalRecordLostAfterTheAnswer_ReloadsHeldFromItsIntent()
    {
        await Receive("S001", 5);
        var (id, reservation) = NewReservation();

        var answer = await AnswerThenLoseFinalRecordAsync(id, "Held", () => reservation.Reserve(Line("S001", 2)));

        Assert.Equal(ReservationOutcome.Held, answer.Outcome);
        Assert.Equal(ReservationStatus.Held, (await EventuallyServed(reservation.Get))!.Status);
        await fixture.Cluster.Get<ReservationRecovery>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(ReservationOutcome.Repeated, (await EventuallyServed(() => reservation.Reserve(Line("S001", 2)))).Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Held);
    }

    [Fact]
    public async Task Confirm_FinalRecordLostAfterTheAnswer_ReloadsConfirmedFromItsPendingConfirm()
    {
        await Receive("S001", 5);
        var (id, reservation) = NewReservation();
        Assert.Equal(ReservationOutcome.Held, (await reservation.Reserve(Line("S001", 2))).Outcome);

        var answer = await AnswerThenLoseFinalRecordAsync(id, "Confirmed", reservation.Confirm);

        Assert.Equal(ReservationOutcome.Confirmed, answer.Outcome);
        Assert.Equal(ReservationStatus.Confirmed, (await EventuallyServed(reservation.Get))!.Status);
        Assert.Equal(ReservationOutcome.Repeated, (await EventuallyServed(reservation.Confirm)).Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
    }

    [Fact]
    public async Task Release_FinalRecordLostAfterTheAnswer_ReloadsReleasedFromItsPendingRelease()
    {
        await Receive("S001", 5);
        var (id, reservation) = NewReservation();
        Assert.Equal(ReservationOutcome.Held, (await reservation.Reserve(Line("S001", 2))).Outcome);

        var answer = await AnswerThenLoseFinalRecordAsync(id, "Released", reservation.Release);

        Assert.Equal(ReservationOutcome.Released, answer.Outcome);
        Assert.Equal(ReservationStatus.Released, (await EventuallyServed(reservation.Get))!.Status);
        Assert.Equal(ReservationOutcome.Refused, (await EventuallyServed(reservation.Confirm)).Outcome);
        Assert.Equal(5, (await Stock("S001").GetView()).Counts.Available);
    }

    [Fact]
    public async Task Get_IntentStoredButNoHold_RejectedAndNothingHeld()
    {
        await Receive("S001", 5);
        var (id, reservation) = NewReservation();
        // What a process leaves when it dies after the intent's batch and before the hold's.
        var line = new ReservationLine(sku, "S001", 2);
        var intent = new ReservationState
        {
            Lines = [line],
            Requested = [new RequestedLine(sku, 2, "S001")],
            TtlSeconds = 600,
            CreatedAt = fixture.Time.GetUtcNow(),
            ExpiresAt = fixture.Time.GetUtcNow().AddSeconds(600),
            Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Reserve, Lines = [line] },
        };
        var key = new RecordKey(new RecordOwner(StorageNames.ReservationRecord, new ReservationKey(Keys.Tenant, id).ToGrainKey()), "");
        await fixture.Cluster.Get<GrainRecords>().WriteAsync(key, intent, StorageNames.PendingStatus);

        var view = await reservation.Get();

        Assert.Equal(ReservationStatus.Rejected, view?.Status);
        Assert.Equal(ReservationOutcome.Refused, (await reservation.Confirm()).Outcome);
        Assert.Equal(5, (await Stock("S001").GetView()).Counts.Available);
    }

    /// <summary>Runs a change whose final record's batch fails after the answer (the answer waits for the pending record only).</summary>
    private async Task<ReservationResult> AnswerThenLoseFinalRecordAsync(string id, string finalStatus, Func<Task<ReservationResult>> change)
    {
        var writer = fixture.Cluster.Get<LedgerWriter>();
        var epoch = writer.Epoch;
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => Owns(record, id) && record.Status == finalStatus);
        var answer = await change();
        Assert.True(await Eventually(() => Task.FromResult(writer.Epoch != epoch)), "the final record's batch never failed");
        fixture.Ledger.FailBatch = null;
        return answer;
    }

    private static bool Owns(RecordWrite record, string id) => record.Key.Owner.OwnerKey.EndsWith("|" + id, StringComparison.Ordinal);

    /// <summary>Calls until the activation that lost a write has made way for a reloaded one.</summary>
    private static async Task<T> EventuallyServed<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (LedgerWriteFailedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }
    }

    [Fact]
    public async Task Book_RecordWriteFails_BookingIsNotCounted()
    {
        var storeKey = new StoreKey(Keys.Tenant, Keys.NewId("S"));
        var schedule = fixture.Client.GetGrain<IPickScheduleGrain>(storeKey.ToGrainKey());
        var hour = new DateTimeOffset(fixture.Time.GetUtcNow().Year, fixture.Time.GetUtcNow().Month, fixture.Time.GetUtcNow().Day, fixture.Time.GetUtcNow().Hour, 0, 0, TimeSpan.Zero).AddHours(2);
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => record.Key.Owner.OwnerKey == storeKey.ToGrainKey());

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => schedule.Book(new PickBookingRequest("R1", hour, 1, fixture.Time.GetUtcNow().AddMinutes(10))));
        fixture.Ledger.FailBatch = null;

        Assert.Empty(await schedule.GetLoad());
        Assert.Equal(PickBookingOutcome.Booked, (await schedule.Book(new PickBookingRequest("R2", hour, 1, fixture.Time.GetUtcNow().AddMinutes(10)))).Outcome);
    }

    [Fact]
    public async Task Release_ConfirmCutOffAfterFirstLineThenExpired_ReturnsEveryUnitAndTheOrderNeverWas()
    {
        var (id, reservation) = await ConfirmCutOffAfterFirstLineAsync();
        // The hold of the second line lapses before anyone comes back: the basket cannot be paid whole.
        fixture.Time.Advance(TimeSpan.FromMinutes(11));

        var released = await reservation.Release();

        Assert.NotEqual(ReservationOutcome.NotFound, released.Outcome);
        Assert.Equal(ReservationStatus.Expired, (await reservation.Get())!.Status);
        Assert.Equal(0, (await Stock("S001").GetView()).Counts.Committed);
        Assert.Equal(5, (await Stock("S001").GetView()).Counts.Available);
        Assert.Equal(5, (await Stock("S002").GetView()).Counts.Available);
        // The order the confirm opened saw the lapsed line: it removed itself, so no store lists it.
        Assert.Null(await fixture.Client.GetGrain<IOrderGrain>(new OrderKey(Keys.Tenant, id).ToGrainKey()).Get());
        var storeOrders = fixture.Client.GetGrain<IStoreOrdersGrain>(new StoreKey(Keys.Tenant, "S002").ToGrainKey());
        Assert.DoesNotContain((await storeOrders.GetPickList()).Unassigned, line => line.OrderId == id);
    }

    [Fact]
    public async Task Recover_ConfirmCutOffAfterFirstLine_CarriesTheConfirmThrough()
    {
        var (_, reservation) = await ConfirmCutOffAfterFirstLineAsync();

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await fixture.Cluster.Get<ReservationRecovery>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(ReservationStatus.Confirmed, (await reservation.Get())!.Status);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
        Assert.Equal(1, (await Stock("S002").GetView()).Counts.Committed);
    }

    [Fact]
    public async Task Hold_RefusedForOverload_GrainReloadsWithoutAGapAndCountsMatchTheAnswers()
    {
        var stock = Stock("S001");
        await Receive("S001", 5_000);
        fixture.Ledger.HoldStaging();
        var first = stock.Hold(new HoldRequest("first", 1, 600));
        await fixture.Ledger.StagingEntered.Task;

        // The disk is held inside one batch: the writer queues at most PendingEntriesMax more, then turns callers away.
        var storm = Enumerable.Range(0, FaultyClusterFixture.PendingWritesMax + 200).Select(index => Answer(stock.Hold(new HoldRequest($"h{index}", 1, 600)))).ToList();
        await Task.WhenAny(storm);
        fixture.Ledger.ReleaseStaging();
        var answers = await Task.WhenAll([Answer(first), .. storm]);

        var acknowledged = answers.Count(held => held);
        var view = await stock.GetView();
        Assert.Equal(acknowledged, view.Counts.Held);
        var ledger = await fixture.Cluster.Get<ILedgerStore>().ReadAsync(new StockKey(Keys.Tenant, sku, "S001"), 0, 10_000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, ledger.Count).Select(sequence => (long)sequence), ledger.Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Activate_RestoredHold_ExpiresOnTimeWithoutAnyCall()
    {
        await Receive("S001", 1);
        var stock = Stock("S001");
        Assert.Equal(HoldOutcome.Held, (await stock.Hold(new HoldRequest("R1", 1, 1))).Outcome);
        var index = fixture.Client.GetGrain<ISkuAvailabilityGrain>(new SkuKey(Keys.Tenant, sku).ToGrainKey());
        await fixture.Cluster.DeactivateAsync(stock);
        await stock.GetView();

        fixture.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await Eventually(async () => (await index.GetAvailable()).Value.Any(store => store.StoreId == "S001" && store.Available == 1)));
    }

    /// <summary>A two-line basket whose confirm committed the first line and was refused at the second.</summary>
    private async Task<(string Id, IReservationGrain Grain)> ConfirmCutOffAfterFirstLineAsync()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var (id, reservation) = NewReservation();
        Assert.Equal(ReservationOutcome.Held, (await reservation.Reserve(Basket(("S001", 2), ("S002", 1)))).Outcome);
        var second = new StockKey(Keys.Tenant, sku, "S002");
        fixture.Ledger.RefuseEntry = entry => entry.Key == second && entry.Kind == LedgerEntryKind.Confirm;

        await Assert.ThrowsAnyAsync<Exception>(() => reservation.Confirm());
        fixture.Ledger.RefuseEntry = null;
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
        return (id, reservation);
    }

    private static async Task<bool> Answer(Task<HoldResult> hold)
    {
        try
        {
            return (await hold).IsHeld;
        }
        catch (LedgerWriteFailedException)
        {
            return false;
        }
    }

    /// <summary>Waits for a condition that a grain timer makes true, at most a few seconds of real time.</summary>
    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        return false;
    }

    private (string Id, IReservationGrain Grain) NewReservation()
    {
        var id = Keys.NewId("R");
        return (id, fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, id).ToGrainKey()));
    }

    private ReservationRequest Line(string store, int quantity) => Basket((store, quantity));

    private ReservationRequest Basket(params (string Store, int Quantity)[] lines) =>
        new(lines.Select(line => new RequestedLine(sku, line.Quantity, line.Store)).ToList(), 600);

    private IStockGrain Stock(string store) => fixture.Client.GetGrain<IStockGrain>(new StockKey(Keys.Tenant, sku, store).ToGrainKey());

    private async Task Receive(string store, int quantity) =>
        await Stock(store).Move(new MovementRequest(MovementKind.Receipt, quantity, Keys.NewId("grn")));
}
