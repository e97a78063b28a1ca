using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Reservations;
using Allocation.Tests.Support;

namespace Allocation.Tests.Reservations;

/// <summary>
/// A reservation activation reads nothing (issue 17): a new id's reserve claims the id instead of reading it, and a
/// reserve of an id used before (the activation left meanwhile) loses the claim, reads the record and answers from it
/// as a loaded activation would, freeing only what it newly held. Reads are counted by the test ledger.
/// </summary>
[Collection(FaultyClusterCollection.Name)]
public sealed class ReservationFirstCallTests(FaultyClusterFixture fixture)
{
    private const int TtlSeconds = 600;

    private readonly string sku = Keys.NewId("SKU");

    [Fact]
    public async Task Reserve_NewBasketId_HeldWithoutReadingTheRecord()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var id = Keys.NewId("R");

        var answer = await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)));
        var confirmed = await Reservation(id).Confirm();

        Assert.Equal(ReservationOutcome.Held, answer.Outcome);
        Assert.Equal(ReservationOutcome.Confirmed, confirmed.Outcome);
        Assert.Equal(0, fixture.Ledger.RecordReadsOf(Owner(id)));
    }

    [Fact]
    public async Task Reserve_RepeatAfterDeactivation_RepeatedAndHoldsKept()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var id = Keys.NewId("R");
        var first = await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)));
        await SettledAndDeactivated(id);

        var repeat = await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)));

        Assert.Equal(ReservationOutcome.Repeated, repeat.Outcome);
        Assert.Equal(first.Reservation!.ExpiresAt, repeat.Reservation!.ExpiresAt);
        Assert.Equal(2, await Held("S001"));
        Assert.Equal(1, await Held("S002"));
        Assert.Equal(ReservationOutcome.Confirmed, (await Reservation(id).Confirm()).Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
    }

    [Fact]
    public async Task Reserve_OtherBodyUnderUsedIdAfterDeactivation_ConflictAndFreesOnlyItsNewHold()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        await Receive("S003", 5);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)))).Outcome);
        await SettledAndDeactivated(id);

        var other = await Reservation(id).Reserve(Basket(("S001", 1), ("S002", 1), ("S003", 1)));

        Assert.Equal(ReservationOutcome.Conflict, other.Outcome);
        Assert.Equal(2, await Held("S001"));
        Assert.Equal(1, await Held("S002"));
        Assert.Equal(0, await Held("S003"));
        var view = await Reservation(id).Get();
        Assert.Equal(ReservationStatus.Held, view!.Status);
        Assert.Equal(["S001", "S002"], view.Lines.Select(line => line.StoreId));
    }

    [Fact]
    public async Task Reserve_RepeatAfterItsHoldsExpiredAndDeactivation_RepeatedAsExpiredAndNothingHeld()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)))).Outcome);
        await SettledAndDeactivated(id);
        fixture.Time.Advance(TimeSpan.FromSeconds(TtlSeconds + 1));

        var repeat = await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)));

        Assert.Equal(ReservationOutcome.Repeated, repeat.Outcome);
        Assert.Equal(ReservationStatus.Expired, repeat.Reservation!.Status);
        Assert.Equal(0, await Held("S001"));
        Assert.Equal(0, await Held("S002"));
    }

    [Fact]
    public async Task Reserve_RepeatOverAnIntentCutOffByACrash_FinishesTheReserveHoldingOnce()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var id = Keys.NewId("R");
        await CrashAfterFirstLine(id, ("S001", 2), ("S002", 1));

        var retry = await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)));

        Assert.Equal(ReservationOutcome.Held, retry.Outcome);
        Assert.Equal(2, await Held("S001"));
        Assert.Equal(1, await Held("S002"));
        await SettledAndDeactivated(id);
        Assert.Equal(ReservationStatus.Held, (await Reservation(id).Get())!.Status);
        Assert.Equal(ReservationOutcome.Confirmed, (await Reservation(id).Confirm()).Outcome);
    }

    [Fact]
    public async Task Reserve_RepeatOverAnIntentWhoseHoldsAllStand_RepeatedHoldingOnce()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var id = Keys.NewId("R");
        // The caller was answered Held (every hold was durable with the intent); the final record was then lost.
        await CrashAfterHolds(id, holdsMade: 2, ("S001", 2), ("S002", 1));

        var retry = await Reservation(id).Reserve(Basket(("S001", 2), ("S002", 1)));

        Assert.Equal(ReservationOutcome.Repeated, retry.Outcome);
        Assert.Equal(ReservationStatus.Held, retry.Reservation!.Status);
        Assert.Equal(2, await Held("S001"));
        Assert.Equal(1, await Held("S002"));
        await SettledAndDeactivated(id);
        Assert.Equal(ReservationStatus.Held, (await Reservation(id).Get())!.Status);
    }

    [Fact]
    public async Task Confirm_AfterDeactivation_LoadsTheRecordAndConfirms()
    {
        await Receive("S001", 5);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Reservation(id).Reserve(Basket(("S001", 3)))).Outcome);
        await SettledAndDeactivated(id);

        var confirmed = await Reservation(id).Confirm();

        Assert.Equal(ReservationOutcome.Confirmed, confirmed.Outcome);
        Assert.Equal(3, (await Stock("S001").GetView()).Counts.Committed);
        Assert.Equal(1, fixture.Ledger.RecordReadsOf(Owner(id)));
    }

    /// <summary>Waits for the answered reserve's final record (a change awaits it first), then lets the activation go.</summary>
    private async Task SettledAndDeactivated(string id)
    {
        await Reservation(id).Recover();
        await fixture.Cluster.DeactivateAsync(Reservation(id));
    }

    /// <summary>What a process leaves behind when it dies after storing the basket's intent and holding its first line.</summary>
    private Task CrashAfterFirstLine(string id, params (string Store, int Quantity)[] lines) => CrashAfterHolds(id, holdsMade: 1, lines);

    /// <summary>What a process leaves behind when it dies after storing the basket's intent and holding its first lines.</summary>
    private async Task CrashAfterHolds(string id, int holdsMade, params (string Store, int Quantity)[] lines)
    {
        var intended = BasketLines.Normalize(lines.Select(line => new ReservationLine(sku, line.Store, line.Quantity)));
        var pending = new ReservationState { Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Reserve, Lines = intended } };
        await fixture.Cluster.Get<GrainRecords>().WriteAsync(new RecordKey(Owner(id), ""), pending, StorageNames.PendingStatus);
        foreach (var line in intended.Take(holdsMade))
        {
            Assert.Equal(HoldOutcome.Held, (await Stock(line.StoreId).Hold(new HoldRequest(id, line.Quantity, TtlSeconds))).Outcome);
        }
    }

    private static RecordOwner Owner(string id) => new(StorageNames.ReservationRecord, new ReservationKey(Keys.Tenant, id).ToGrainKey());

    private IReservationGrain Reservation(string id) => fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, id).ToGrainKey());

    private ReservationRequest Basket(params (string Store, int Quantity)[] lines) =>
        new(lines.Select(line => new RequestedLine(sku, line.Quantity, line.Store)).ToList(), TtlSeconds);

    private IStockGrain Stock(string store) => fixture.Client.GetGrain<IStockGrain>(new StockKey(Keys.Tenant, sku, store).ToGrainKey());

    private async Task<int> Held(string store) => (await Stock(store).GetView()).Counts.Held;

    private async Task Receive(string store, int quantity) =>
        await Stock(store).Move(new MovementRequest(MovementKind.Receipt, quantity, Keys.NewId("grn")));
}
