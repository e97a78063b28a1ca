using Allocation.Contracts;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Durability;

/// <summary>
/// A single-line reservation naming its store, decided by its stock grain (no reservation grain on its path): its hold
/// and its record (claimed only if the id has none) share one batch. Repeats, ids used elsewhere, failed batches and a
/// crash after a lost claim keep every promise, and the reservation grain serves the record afterwards.
/// </summary>
[Collection(FaultyClusterCollection.Name)]
public sealed class LineReservationTests(FaultyClusterFixture fixture) : IDisposable
{
    private const int TtlSeconds = 600;

    private readonly string sku = Keys.NewId("SKU");

    public void Dispose()
    {
        fixture.Ledger.FailBatch = null;
        fixture.Ledger.ReleaseStaging();
    }

    [Fact]
    public async Task ReserveLine_NewId_HeldAndServedByTheReservationGrain()
    {
        await Receive("S001", 5);
        var id = Keys.NewId("R");

        var answer = await Stock("S001").ReserveLine(id, Line("S001", 2));

        Assert.Equal(ReservationOutcome.Held, answer?.Outcome);
        var view = await Reservation(id).Get();
        Assert.Equal(ReservationStatus.Held, view?.Status);
        Assert.Equal(answer!.Reservation!.ExpiresAt, view!.ExpiresAt);
        Assert.Equal(ReservationOutcome.Confirmed, (await Reservation(id).Confirm()).Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Committed);
    }

    [Fact]
    public async Task ReserveLine_RepeatedSameBody_LeftToTheReservationGrainWhichAnswersRepeatedAndHoldsOnce()
    {
        await Receive("S001", 5);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Stock("S001").ReserveLine(id, Line("S001", 2)))?.Outcome);

        Assert.Null(await Stock("S001").ReserveLine(id, Line("S001", 2)));

        Assert.Equal(ReservationOutcome.Repeated, (await Reservation(id).Reserve(Line("S001", 2))).Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Held);
    }

    [Fact]
    public async Task ReserveLine_IdUsedAtAnotherStore_ClaimLostHoldReleasedAndConflict()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Stock("S001").ReserveLine(id, Line("S001", 2)))?.Outcome);

        Assert.Null(await Stock("S002").ReserveLine(id, Line("S002", 3)));

        Assert.Equal(0, (await Stock("S002").GetView()).Counts.Held);
        Assert.Equal(ReservationOutcome.Conflict, (await Reservation(id).Reserve(Line("S002", 3))).Outcome);
        Assert.Equal("S001", (await Reservation(id).Get())!.Lines.Single().StoreId);
    }

    [Fact]
    public async Task ReserveLine_SameIdAtTwoStoresInOneBatch_ExactlyOneHeldAndItsRecordMatches()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        await Receive("S003", 5);
        var id = Keys.NewId("R");
        fixture.Ledger.HoldStaging();
        var blocker = Stock("S003").ReserveLine(Keys.NewId("R"), Line("S003", 1));
        await fixture.Ledger.StagingEntered.Task;

        var atFirst = Stock("S001").ReserveLine(id, Line("S001", 1));
        var atSecond = Stock("S002").ReserveLine(id, Line("S002", 2));
        await Eventually(async () => (await Stock("S001").GetView()).Counts.Held + (await Stock("S002").GetView()).Counts.Held == 3);
        fixture.Ledger.ReleaseStaging();
        var answers = await Task.WhenAll(atFirst, atSecond);
        await blocker;

        var held = Assert.Single(answers, answer => answer is not null);
        Assert.Equal(ReservationOutcome.Held, held!.Outcome);
        var store = held.Reservation!.Lines.Single().StoreId;
        Assert.Equal(store, (await Reservation(id).Get())!.Lines.Single().StoreId);
        Assert.Equal(store == "S001" ? 1 : 0, (await Stock("S001").GetView()).Counts.Held);
        Assert.Equal(store == "S002" ? 2 : 0, (await Stock("S002").GetView()).Counts.Held);
    }

    [Fact]
    public async Task ReserveLine_IdOfAStoredBasket_ClaimLostAndConflict()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        await Receive("S003", 5);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Reservation(id).Reserve(Basket(("S002", 1), ("S003", 1)))).Outcome);

        Assert.Null(await Stock("S001").ReserveLine(id, Line("S001", 1)));

        Assert.Equal(0, (await Stock("S001").GetView()).Counts.Held);
        Assert.Equal(ReservationOutcome.Conflict, (await Reservation(id).Reserve(Line("S001", 1))).Outcome);
    }

    [Fact]
    public async Task ReserveLine_ReservationGrainActiveSinceBeforeTheRecord_ReadsItAndConfirms()
    {
        await Receive("S001", 5);
        var id = Keys.NewId("R");
        Assert.Null(await Reservation(id).Get());

        Assert.Equal(ReservationOutcome.Held, (await Stock("S001").ReserveLine(id, Line("S001", 1)))?.Outcome);

        Assert.Equal(ReservationStatus.Held, (await Reservation(id).Get())?.Status);
        Assert.Equal(ReservationOutcome.Confirmed, (await Reservation(id).Confirm()).Outcome);
    }

    [Fact]
    public async Task Reserve_BasketRacingALineDecidedAtItsStockGrain_BasketConflictsAndFreesOnlyItsOwnHolds()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        await Receive("S003", 5);
        var id = Keys.NewId("R");
        fixture.Ledger.HoldStaging();
        var single = Stock("S001").ReserveLine(id, Line("S001", 1));
        await fixture.Ledger.StagingEntered.Task;

        var basket = Reservation(id).Reserve(Basket(("S001", 1), ("S002", 1), ("S003", 1)));
        await Eventually(async () => (await Stock("S002").GetView()).Counts.Held == 1 && (await Stock("S003").GetView()).Counts.Held == 1);
        fixture.Ledger.ReleaseStaging();

        Assert.Equal(ReservationOutcome.Held, (await single)?.Outcome);
        Assert.Equal(ReservationOutcome.Conflict, (await basket).Outcome);
        Assert.Equal(1, (await Stock("S001").GetView()).Counts.Held);
        Assert.Equal(0, (await Stock("S002").GetView()).Counts.Held);
        Assert.Equal(0, (await Stock("S003").GetView()).Counts.Held);
        Assert.Equal("S001", (await EventuallyServed(() => Reservation(id).Get()))!.Lines.Single().StoreId);
    }

    [Fact]
    public async Task ReserveLine_NotEnoughStock_ShortageAndNothingStored()
    {
        await Receive("S001", 1);
        var id = Keys.NewId("R");

        var answer = await Stock("S001").ReserveLine(id, Line("S001", 2));

        Assert.Equal(ReservationOutcome.InsufficientStock, answer?.Outcome);
        Assert.Equal(1, answer!.Shortages.Single().Available);
        Assert.Null(await Reservation(id).Get());
        Assert.Equal(ReservationOutcome.Held, (await Stock("S001").ReserveLine(id, Line("S001", 1)))?.Outcome);
    }

    [Fact]
    public async Task ReserveLine_BatchFails_NothingHeldOrStoredAndRetryHoldsOnce()
    {
        await Receive("S001", 5);
        var id = Keys.NewId("R");
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => Owns(record, id));

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => Stock("S001").ReserveLine(id, Line("S001", 2)));
        fixture.Ledger.FailBatch = null;

        Assert.Null(await Reservation(id).Get());
        Assert.Equal(0, (await EventuallyServed(() => Stock("S001").GetView())).Counts.Held);
        Assert.Equal(ReservationOutcome.Held, (await Stock("S001").ReserveLine(id, Line("S001", 2)))?.Outcome);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Held);
    }

    [Fact]
    public async Task ReserveLine_StockGrainReloadedAfterTheAnswer_RepeatAnswersTheOriginal()
    {
        await Receive("S001", 5);
        var id = Keys.NewId("R");
        var first = await Stock("S001").ReserveLine(id, Line("S001", 2));
        await fixture.Cluster.DeactivateAsync(Stock("S001"));

        Assert.Null(await Stock("S001").ReserveLine(id, Line("S001", 2)));

        var repeat = await Reservation(id).Reserve(Line("S001", 2));
        Assert.Equal(ReservationOutcome.Repeated, repeat.Outcome);
        Assert.Equal(first!.Reservation!.ExpiresAt, repeat.Reservation!.ExpiresAt);
        Assert.Equal(2, (await Stock("S001").GetView()).Counts.Held);
    }

    [Fact]
    public async Task ReserveLine_CrashBeforeTheLostClaimsReleaseIsDurable_HoldEndsAtItsDeadline()
    {
        await Receive("S001", 5);
        await Receive("S002", 5);
        var id = Keys.NewId("R");
        Assert.Equal(ReservationOutcome.Held, (await Stock("S001").ReserveLine(id, Line("S001", 1)))?.Outcome);
        fixture.Ledger.FailBatch = batch => batch.Entries.Any(entry => entry.ReferenceId == id && entry.Kind == LedgerEntryKind.Release);

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => Stock("S002").ReserveLine(id, Line("S002", 3)));
        fixture.Ledger.FailBatch = null;

        Assert.Equal(3, (await EventuallyServed(() => Stock("S002").GetView())).Counts.Held);
        fixture.Time.Advance(TimeSpan.FromSeconds(TtlSeconds + 1));
        Assert.Equal(0, (await Stock("S002").GetView()).Counts.Held);
        Assert.Equal("S001", (await Reservation(id).Get())!.Lines.Single().StoreId);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
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

    private IReservationGrain Reservation(string id) => fixture.Client.GetGrain<IReservationGrain>(new ReservationKey(Keys.Tenant, id).ToGrainKey());

    private ReservationRequest Line(string store, int quantity) => Basket((store, quantity));

    private ReservationRequest Basket(params (string Store, int Quantity)[] lines) =>
        new(lines.Select(line => new RequestedLine(sku, line.Quantity, line.Store)).ToList(), TtlSeconds);

    private IStockGrain Stock(string store) => fixture.Client.GetGrain<IStockGrain>(new StockKey(Keys.Tenant, sku, store).ToGrainKey());

    private async Task Receive(string store, int quantity) =>
        await Stock(store).Move(new MovementRequest(MovementKind.Receipt, quantity, Keys.NewId("grn")));
}
