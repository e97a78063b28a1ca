using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;
using Allocation.Verification;

namespace Allocation.Tests.Stock;

[Collection(InMemoryClusterCollection.Name)]
public sealed class StockGrainTests(InMemoryClusterFixture fixture)
{
    [Fact]
    public async Task Hold_EnoughStock_IsHeldAndReducesAvailability()
    {
        var grain = await StockWith(10);

        var result = await grain.Hold(new HoldRequest("R1", 3, 600));

        Assert.Equal(HoldOutcome.Held, result.Outcome);
        Assert.Equal(fixture.Time.GetUtcNow().AddSeconds(600), result.ExpiresAt);
        var view = await grain.GetView();
        Assert.Equal(7, view.Counts.Available);
        Assert.Equal(1, view.OpenHolds);
    }

    [Fact]
    public async Task Hold_ClockPassesDeadline_UnitsReturnWithoutRelease()
    {
        var grain = await StockWith(5);
        await grain.Hold(new HoldRequest("R1", 5, 30));

        fixture.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(5, (await grain.GetView()).Counts.Available);
        Assert.Equal(HoldStatus.Expired, await grain.GetHoldStatus("R1"));
        var late = await grain.Confirm("R1");
        Assert.Equal(TransitionOutcome.Refused, late.Outcome);
        Assert.Equal(HoldStatus.Expired, late.Status);
    }

    [Fact]
    public async Task Hold_ConcurrentCallersOnOneUnitShort_NeverOversell()
    {
        var grain = await StockWith(100);

        var results = await Task.WhenAll(Enumerable.Range(0, 150).Select(index => grain.Hold(new HoldRequest($"R{index}", 1, 600))));

        Assert.Equal(100, results.Count(result => result.Outcome == HoldOutcome.Held));
        Assert.Equal(50, results.Count(result => result.Outcome == HoldOutcome.InsufficientStock));
        Assert.Equal(new StockCounts(100, 100, 0, 0), (await grain.GetView()).Counts);
    }

    [Fact]
    public async Task Hold_SameReservationRepeated_HoldsOnceAndAnswersTheSame()
    {
        var grain = await StockWith(10);

        var first = await grain.Hold(new HoldRequest("R1", 4, 600));
        var repeat = await grain.Hold(new HoldRequest("R1", 4, 600));
        var conflict = await grain.Hold(new HoldRequest("R1", 2, 600));

        Assert.Equal(HoldOutcome.Held, first.Outcome);
        Assert.Equal(HoldOutcome.AlreadyHeld, repeat.Outcome);
        Assert.Equal(first.ExpiresAt, repeat.ExpiresAt);
        Assert.Equal(HoldOutcome.Conflict, conflict.Outcome);
        Assert.Equal(4, (await grain.GetView()).Counts.Held);
    }

    [Fact]
    public async Task Confirm_ThenPick_MovesUnitsOutOfOnHand()
    {
        var grain = await StockWith(10);
        await grain.Hold(new HoldRequest("R1", 4, 600));

        var confirm = await grain.Confirm("R1");
        var again = await grain.Confirm("R1");
        var pick = await grain.Pick("R1");

        Assert.Equal(TransitionOutcome.Done, confirm.Outcome);
        Assert.Equal(TransitionOutcome.AlreadyDone, again.Outcome);
        Assert.Equal(TransitionOutcome.Done, pick.Outcome);
        Assert.Equal(new StockCounts(6, 0, 0, 0), (await grain.GetView()).Counts);
    }

    [Fact]
    public async Task Release_UnknownReservation_IsNotFound()
    {
        var grain = await StockWith(1);

        var result = await grain.Release("nobody");

        Assert.Equal(TransitionOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Move_ReasonWithControlCharacter_RejectedAndNothingChanges()
    {
        var grain = fixture.Client.GetGrain<IStockGrain>(Keys.NewStock().ToGrainKey());
        await grain.Move(new MovementRequest(MovementKind.Receipt, 10, "grn-1"));
        var before = await grain.GetView();

        var result = await grain.Move(new MovementRequest(MovementKind.Adjustment, -1, "adj-1", "broken\u0000"));

        Assert.Equal(MovementOutcome.Rejected, result.Outcome);
        Assert.Contains("reason", result.Message, StringComparison.Ordinal);
        Assert.Equal(before.LedgerSequence, (await grain.GetView()).LedgerSequence);
    }

    [Fact]
    public async Task Deactivate_AfterChanges_ReactivationReplaysLedgerToSameState()
    {
        var key = Keys.NewStock();
        var grain = fixture.Client.GetGrain<IStockGrain>(key.ToGrainKey());
        await grain.Move(new MovementRequest(MovementKind.Receipt, 10, "grn-1"));
        await grain.Hold(new HoldRequest("R1", 3, 600));
        await grain.Hold(new HoldRequest("R2", 2, 600));
        await grain.Confirm("R2");
        var before = await grain.GetView();

        await fixture.Cluster.DeactivateAsync(grain);

        var after = await grain.GetView();
        Assert.Equal(before.Counts, after.Counts);
        Assert.Equal(before.LedgerSequence, after.LedgerSequence);
        Assert.Equal(HoldOutcome.AlreadyHeld, (await grain.Hold(new HoldRequest("R1", 3, 600))).Outcome);
    }

    [Fact]
    public async Task Ledger_AfterChanges_RebuildsTheGrainCounts()
    {
        var key = Keys.NewStock();
        var grain = fixture.Client.GetGrain<IStockGrain>(key.ToGrainKey());
        await grain.Move(new MovementRequest(MovementKind.Receipt, 10, "grn-1"));
        await grain.Hold(new HoldRequest("R1", 3, 600));
        await grain.Move(new MovementRequest(MovementKind.Sale, 2, "pos-1"));
        await grain.Move(new MovementRequest(MovementKind.Count, 7, "count-1"));

        var entries = await fixture.Cluster.Get<ILedgerStore>().ReadAsync(key, 0, 1_000, CancellationToken.None);
        var rebuilt = LedgerFold.Rebuild(entries);

        Assert.True(rebuilt.Reconciles, rebuilt.Problem);
        Assert.Equal((await grain.GetView()).Counts, rebuilt.Counts.ToContract());
        Assert.Equal(["Receipt", "Hold", "Sale", "Count"], entries.Select(entry => entry.Kind.ToString()));
    }

    private async Task<IStockGrain> StockWith(int onHand)
    {
        var grain = fixture.Client.GetGrain<IStockGrain>(Keys.NewStock().ToGrainKey());
        var receipt = await grain.Move(new MovementRequest(MovementKind.Receipt, onHand, Keys.NewId("grn")));
        Assert.Equal(MovementOutcome.Applied, receipt.Outcome);
        return grain;
    }
}
