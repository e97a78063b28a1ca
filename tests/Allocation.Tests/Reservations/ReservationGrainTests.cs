using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Reservations;
using Allocation.Tests.Support;

namespace Allocation.Tests.Reservations;

[Collection(InMemoryClusterCollection.Name)]
public sealed class ReservationGrainTests(InMemoryClusterFixture fixture)
{
    private readonly string sku = Keys.NewId("SKU");

    [Fact]
    public async Task Reserve_SingleLineWithStock_IsHeldUntilTtl()
    {
        await Receive("S001", 5);

        var result = await NewReservation().Reserve(Basket(("S001", 2)));

        Assert.Equal(ReservationOutcome.Held, result.Outcome);
        Assert.Equal(ReservationStatus.Held, result.Reservation!.Status);
        Assert.Equal(fixture.Time.GetUtcNow().AddSeconds(600), result.Reservation.ExpiresAt);
        Assert.Equal(3, await Available("S001"));
    }

    [Fact]
    public async Task Reserve_BasketWithOneShortLine_HoldsNothingAndNamesTheLine()
    {
        await Receive("S001", 5);
        await Receive("S002", 1);

        var result = await NewReservation().Reserve(Basket(("S001", 2), ("S002", 3)));

        Assert.Equal(ReservationOutcome.InsufficientStock, result.Outcome);
        var shortage = Assert.Single(result.Shortages);
        Assert.Equal(("S002", 3, 1), (shortage.StoreId, shortage.Requested, shortage.Available));
        Assert.Equal(5, await Available("S001"));
        Assert.Equal(1, await Available("S002"));
    }

    [Fact]
    public async Task Reserve_TwoLinesOfSameItem_AreHeldAsOneAndCannotOversell()
    {
        await Receive("S001", 3);

        var result = await NewReservation().Reserve(Basket(("S001", 2), ("S001", 2)));

        Assert.Equal(ReservationOutcome.InsufficientStock, result.Outcome);
        Assert.Equal(4, Assert.Single(result.Shortages).Requested);
        Assert.Equal(3, await Available("S001"));
    }

    [Fact]
    public async Task Reserve_RepeatedSameRequest_AnswersOnceHeldAndDifferentRequestConflicts()
    {
        await Receive("S001", 5);
        var reservation = NewReservation();

        var first = await reservation.Reserve(Basket(("S001", 2)));
        var repeat = await reservation.Reserve(Basket(("S001", 2)));
        var other = await reservation.Reserve(Basket(("S001", 1)));

        Assert.Equal(ReservationOutcome.Held, first.Outcome);
        Assert.Equal(ReservationOutcome.Repeated, repeat.Outcome);
        Assert.Equal(first.Reservation!.ExpiresAt, repeat.Reservation!.ExpiresAt);
        Assert.Equal(first.Reservation.Lines, repeat.Reservation.Lines);
        Assert.Equal(ReservationOutcome.Conflict, other.Outcome);
        Assert.Equal(3, await Available("S001"));
    }

    [Fact]
    public async Task Confirm_AfterTtl_IsRefusedAndUnitsAreBack()
    {
        await Receive("S001", 5);
        var reservation = NewReservation();
        await reservation.Reserve(Basket(("S001", 2)));

        fixture.Time.Advance(TimeSpan.FromSeconds(600));
        var confirm = await reservation.Confirm();

        Assert.Equal(ReservationOutcome.Refused, confirm.Outcome);
        Assert.Equal(ReservationStatus.Expired, confirm.Reservation!.Status);
        Assert.Equal(5, await Available("S001"));
    }

    [Fact]
    public async Task Confirm_BasketInTime_CommitsEveryLine()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var reservation = NewReservation();
        await reservation.Reserve(Basket(("S001", 2), ("S002", 1)));

        var confirm = await reservation.Confirm();

        Assert.Equal(ReservationOutcome.Confirmed, confirm.Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
        Assert.Equal(1, (await Stock("S002").GetView()).Counts.Committed);
    }

    [Fact]
    public async Task Release_Twice_ReturnsUnitsOnce()
    {
        await Receive("S001", 5);
        var reservation = NewReservation();
        await reservation.Reserve(Basket(("S001", 2)));

        var first = await reservation.Release();
        var second = await reservation.Release();

        Assert.Equal(ReservationOutcome.Released, first.Outcome);
        Assert.Equal(ReservationOutcome.Repeated, second.Outcome);
        Assert.Equal(ReservationStatus.Released, second.Reservation!.Status);
        Assert.Equal(5, await Available("S001"));
        Assert.Equal(ReservationOutcome.Refused, (await reservation.Confirm()).Outcome);
    }

    [Fact]
    public async Task Recover_BasketCutOffAfterFirstLine_ReleasesTheHeldLine()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var (id, lines) = await CrashAfterFirstLine();

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        // The background pass may get there first (the clock advance wakes it too); either way the basket is undone.
        await fixture.Cluster.Get<ReservationRecovery>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(5, await Available("S001"));
        var view = await fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, id).ToGrainKey()).Get();
        Assert.Equal(ReservationStatus.Rejected, view!.Status);
        Assert.Equal(lines, view.Lines);
    }

    [Fact]
    public async Task Reserve_RetryAfterCutOffBasket_FinishesItWithoutDoubleHold()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var (id, lines) = await CrashAfterFirstLine();

        var requested = lines.Select(line => new RequestedLine(line.Sku, line.Quantity, line.StoreId)).ToList();
        var retry = await fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, id).ToGrainKey()).Reserve(new ReservationRequest(requested, 600));

        Assert.Equal(ReservationOutcome.Held, retry.Outcome);
        Assert.Equal(3, await Available("S001"));
        Assert.Equal(4, await Available("S002"));
    }

    /// <summary>What a process leaves behind when it dies after storing the basket as pending and holding the first line.</summary>
    private async Task<(string Id, List<ReservationLine> Lines)> CrashAfterFirstLine()
    {
        var id = Keys.NewId("R");
        var lines = BasketLines.Normalize([new ReservationLine(sku, "S001", 2), new ReservationLine(sku, "S002", 1)]);
        var pending = new ReservationState { Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Reserve, Lines = lines } };
        var key = new RecordKey(new RecordOwner(StorageNames.ReservationRecord, new ReservationKey(Keys.Tenant, id).ToGrainKey()), "");
        await fixture.Cluster.Get<GrainRecords>().WriteAsync(key, pending, StorageNames.PendingStatus);
        var held = await Stock("S001").Hold(new HoldRequest(id, 2, 600));
        Assert.Equal(HoldOutcome.Held, held.Outcome);
        return (id, lines);
    }

    private IReservationGrain NewReservation() =>
        fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, Keys.NewId("R")).ToGrainKey());

    private ReservationRequest Basket(params (string Store, int Quantity)[] lines) =>
        new(lines.Select(line => new RequestedLine(sku, line.Quantity, line.Store)).ToList(), 600);

    private IStockGrain Stock(string store) =>
        fixture.Client.GetGrain<IStockGrain>(new StockKey(Keys.Tenant, sku, store).ToGrainKey());

    private async Task Receive(string store, int quantity) =>
        await Stock(store).Move(new MovementRequest(MovementKind.Receipt, quantity, Keys.NewId("grn")));

    private async Task<int> Available(string store) => (await Stock(store).GetView()).Counts.Available;
}
