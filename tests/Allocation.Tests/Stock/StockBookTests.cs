using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;
using Allocation.Grains.Stock;
using Allocation.Tests.Support;

namespace Allocation.Tests.Stock;

public sealed class StockBookTests
{
    private const long Now = 1_800_000_000_000;
    private readonly StockBook book = new(Keys.NewStock());

    [Fact]
    public void TryHold_EnoughStock_HoldsAndEmitsEntryWithCountsBeforeAndAfter()
    {
        Receive(10);

        var changed = book.TryHold("R1", 4, 60, Now + 60_000, Now, out var decision, out var entry);

        Assert.True(changed);
        Assert.Equal(HoldOutcome.Held, decision.Outcome);
        Assert.Equal(new CountSet(10, 4, 0, 0), book.Counts);
        Assert.Equal(new CountSet(10, 0, 0, 0), entry.Before);
        Assert.Equal(new CountSet(10, 4, 0, 0), entry.After);
        Assert.Equal(2, entry.Sequence);
    }

    [Fact]
    public void TryHold_MoreThanAvailable_RefusesAndChangesNothing()
    {
        Receive(3);
        Move(MovementKind.SafetyStock, 1, "safety");

        var changed = book.TryHold("R1", 3, 60, Now + 60_000, Now, out var decision, out _);

        Assert.False(changed);
        Assert.Equal(HoldOutcome.InsufficientStock, decision.Outcome);
        Assert.Equal(2, decision.Available);
        Assert.Equal(0, book.Counts.Held);
    }

    [Fact]
    public void TryHold_SameIdSameRequest_ReturnsOriginalWithoutSecondHold()
    {
        Receive(10);
        book.TryHold("R1", 4, 60, Now + 60_000, Now, out _, out _);

        var changed = book.TryHold("R1", 4, 60, Now + 90_000, Now + 30_000, out var decision, out _);

        Assert.False(changed);
        Assert.Equal(HoldOutcome.AlreadyHeld, decision.Outcome);
        Assert.Equal(Now + 60_000, decision.ExpiresAtUnixMilliseconds);
        Assert.Equal(4, book.Counts.Held);
    }

    [Fact]
    public void TryHold_SameIdDifferentQuantity_IsConflict()
    {
        Receive(10);
        book.TryHold("R1", 4, 60, Now + 60_000, Now, out _, out _);

        book.TryHold("R1", 5, 60, Now + 60_000, Now, out var decision, out _);

        Assert.Equal(HoldOutcome.Conflict, decision.Outcome);
        Assert.Equal(4, book.Counts.Held);
    }

    [Fact]
    public void TryConfirm_AfterDeadline_IsRefusedAsExpired()
    {
        Receive(10);
        book.TryHold("R1", 4, 60, Now + 60_000, Now, out _, out _);

        var changed = book.TryConfirm("R1", Now + 60_000, out var decision, out _);

        Assert.False(changed);
        Assert.Equal(TransitionOutcome.Refused, decision.Outcome);
        Assert.Equal(HoldStatus.Expired, decision.Status);
    }

    [Fact]
    public void TryRelease_Twice_ReturnsUnitsOnce()
    {
        Receive(10);
        book.TryHold("R1", 4, 60, Now + 60_000, Now, out _, out _);

        Assert.True(book.TryRelease("R1", Now, out var first, out _));
        Assert.False(book.TryRelease("R1", Now, out var second, out _));

        Assert.Equal(TransitionOutcome.Done, first.Outcome);
        Assert.Equal(TransitionOutcome.AlreadyDone, second.Outcome);
        Assert.Equal(new CountSet(10, 0, 0, 0), book.Counts);
    }

    [Fact]
    public void TryRelease_Committed_CancelsAndReturnsUnits()
    {
        Receive(10);
        book.TryHold("R1", 4, 60, Now + 60_000, Now, out _, out _);
        book.TryConfirm("R1", Now, out _, out _);

        book.TryRelease("R1", Now, out var decision, out var entry);

        Assert.Equal(HoldStatus.Cancelled, decision.Status);
        Assert.Equal(LedgerEntryKind.Cancel, entry.Kind);
        Assert.Equal(new CountSet(10, 0, 0, 0), book.Counts);
    }

    [Fact]
    public void TryExpireNext_PastDeadline_ExpiresOnlyDueHolds()
    {
        Receive(10);
        book.TryHold("R1", 2, 60, Now + 60_000, Now, out _, out _);
        book.TryHold("R2", 3, 120, Now + 120_000, Now, out _, out _);

        var expired = 0;
        while (book.TryExpireNext(Now + 60_000, out _))
        {
            expired++;
        }

        Assert.Equal(1, expired);
        Assert.Equal(HoldStatus.Expired, book.StatusOf("R1"));
        Assert.Equal(HoldStatus.Held, book.StatusOf("R2"));
        Assert.Equal(3, book.Counts.Held);
    }

    [Fact]
    public void TryExpireNext_ConfirmedHold_IsNotExpired()
    {
        Receive(10);
        book.TryHold("R1", 2, 60, Now + 60_000, Now, out _, out _);
        book.TryConfirm("R1", Now, out _, out _);

        Assert.False(book.TryExpireNext(Now + 61_000, out _));
        Assert.Equal(2, book.Counts.Committed);
    }

    [Fact]
    public void TryMove_CountBelowPromised_RecordsAndReportsShortfall()
    {
        Receive(10);
        book.TryHold("R1", 6, 60, Now + 60_000, Now, out _, out _);

        var changed = book.TryMove(MovementKind.Count, 4, "count-1", null, Now, out var decision, out _);

        Assert.True(changed);
        Assert.Equal(MovementOutcome.Applied, decision.Outcome);
        Assert.Equal(2, decision.ToContract().Shortfall);
        Assert.Equal(0, decision.ToContract().Counts.Available);
        Assert.NotNull(decision.Message);
    }

    [Fact]
    public void TryMove_SaleOfMoreThanOnHand_IsRejected()
    {
        Receive(2);

        var changed = book.TryMove(MovementKind.Sale, 3, "pos-1", null, Now, out var decision, out _);

        Assert.False(changed);
        Assert.Equal(MovementOutcome.Rejected, decision.Outcome);
        Assert.Equal(2, book.Counts.OnHand);
    }

    [Fact]
    public void TryMove_SameDocumentTwice_AppliesOnce()
    {
        Receive(5, "grn-1");

        book.TryMove(MovementKind.Receipt, 5, "grn-1", null, Now, out var repeat, out _);
        book.TryMove(MovementKind.Receipt, 6, "grn-1", null, Now, out var conflict, out _);

        Assert.Equal(MovementOutcome.AlreadyApplied, repeat.Outcome);
        Assert.Equal(MovementOutcome.Conflict, conflict.Outcome);
        Assert.Equal(5, book.Counts.OnHand);
    }

    [Fact]
    public void Apply_EntryOutOfSequence_ThrowsInvariant()
    {
        Receive(5);
        var stale = new LedgerEntry(book.Key, 1, LedgerEntryKind.Receipt, 1, default, new CountSet(1, 0, 0, 0), "x", null, 0, 0, Now);

        Assert.Throws<InvalidOperationException>(() => book.Apply(stale));
    }

    [Fact]
    public void FromSnapshot_AfterMixedHistory_RestoresSameStateAndDecisions()
    {
        Receive(20);
        book.TryHold("R1", 2, 60, Now + 60_000, Now, out _, out _);
        book.TryHold("R2", 3, 60, Now + 60_000, Now, out _, out _);
        book.TryConfirm("R2", Now, out _, out _);
        book.TryHold("R3", 1, 60, Now + 60_000, Now, out _, out _);
        book.TryRelease("R3", Now, out _, out _);

        var restored = StockBook.FromSnapshot(book.Key, book.ToSnapshot());

        Assert.Equal(book.Counts, restored.Counts);
        Assert.Equal(book.Sequence, restored.Sequence);
        Assert.Equal(book.OpenHolds, restored.OpenHolds);
        restored.TryHold("R3", 1, 60, Now + 60_000, Now, out var repeat, out _);
        Assert.Equal(HoldOutcome.Conflict, repeat.Outcome);
        Assert.True(restored.TryExpireNext(Now + 60_000, out var expiry));
        Assert.Equal("R1", expiry.ReferenceId);
    }

    [Fact]
    public void Prune_AfterRetention_ForgetsEndedHoldsButKeepsOpenOnes()
    {
        Receive(20);
        book.TryHold("R1", 2, 60, Now + 60_000, Now, out _, out _);
        book.TryHold("R2", 3, 60, Now + 60_000, Now, out _, out _);
        book.TryRelease("R1", Now, out _, out _);
        book.TryConfirm("R2", Now, out _, out _);

        book.Prune(Now + 10_000, retentionMs: 5_000);

        Assert.Null(book.StatusOf("R1"));
        Assert.Equal(HoldStatus.Committed, book.StatusOf("R2"));
    }

    /// <summary>
    /// The shelf is the truth: whatever on hand the book believes when the picker comes (a sale, count or adjustment
    /// got there first), any found quantity 0..line succeeds, nothing else committed moves, the entries replay to the
    /// same book, and on hand ends at max(found, believed) minus the missing units it still counted, minus the found.
    /// </summary>
    [Fact]
    public void TryPickFound_AnyBelievedOnHandAndAnyFound_SucceedsAndReplaysToTheSameCounts()
    {
        const int lineUnits = 5;
        const int otherUnits = 2;
        for (var believed = 0; believed <= 9; believed++)
        {
            for (var found = 0; found <= lineUnits; found++)
            {
                var shelf = new StockBook(Keys.NewStock());
                Assert.True(shelf.TryMove(MovementKind.Receipt, lineUnits + otherUnits, "grn", null, Now, out _, out _));
                foreach (var id in new[] { "order", "other" })
                {
                    Assert.True(shelf.TryHold(id, id == "order" ? lineUnits : otherUnits, 60, Now + 60_000, Now, out _, out _));
                    Assert.True(shelf.TryConfirm(id, Now, out _, out _));
                }

                Assert.True(shelf.TryMove(MovementKind.Count, believed, "count", null, Now, out _, out _));
                var before = StockBook.FromSnapshot(shelf.Key, shelf.ToSnapshot());

                var picked = shelf.TryPickFound("order", found, Now, out var decision, out var entries);

                var label = $"believed {believed}, found {found}";
                Assert.True(picked, label);
                Assert.Equal((TransitionOutcome.Done, HoldStatus.Picked), (decision.Outcome, shelf.StatusOf("order")!.Value));
                var raised = Math.Max(found, believed);
                Assert.Equal(raised - Math.Min(lineUnits - found, raised - found) - found, shelf.Counts.OnHand);
                Assert.Equal(otherUnits, shelf.Counts.Committed);
                foreach (var entry in entries)
                {
                    before.Apply(entry);
                }

                Assert.Equal((shelf.Counts, shelf.Sequence), (before.Counts, before.Sequence));
            }
        }
    }

    [Fact]
    public void TryPickFound_MoreThanTheLineOrTwice_IsRefusedAndChangesNothing()
    {
        Receive(5);
        book.TryHold("R1", 3, 60, Now + 60_000, Now, out _, out _);
        book.TryConfirm("R1", Now, out _, out _);
        var sequence = book.Sequence;

        var tooMany = book.TryPickFound("R1", 4, Now, out var refused, out var none);
        Assert.True(book.TryPickFound("R1", 3, Now, out _, out _));
        var again = book.TryPickFound("R1", 3, Now, out var repeat, out _);

        Assert.False(tooMany);
        Assert.Equal((TransitionOutcome.Refused, 0), (refused.Outcome, none.Count));
        Assert.False(again);
        Assert.Equal(TransitionOutcome.AlreadyDone, repeat.Outcome);
        Assert.Equal(sequence + 1, book.Sequence);
        Assert.Equal(new CountSet(2, 0, 0, 0), book.Counts);
    }

    [Fact]
    public void TryMove_PickReasons_AreReservedForPicks()
    {
        Receive(5);

        Assert.False(book.TryMove(MovementKind.Adjustment, 1, "adj-1", StockBook.PickFoundReason, Now, out var found, out _));
        Assert.False(book.TryMove(MovementKind.Adjustment, -1, "adj-2", StockBook.ShortPickReason, Now, out var shortPick, out _));

        Assert.Equal((MovementOutcome.Rejected, MovementOutcome.Rejected), (found.Outcome, shortPick.Outcome));
        Assert.Equal(5, book.Counts.OnHand);
    }

    private void Receive(int quantity, string? documentId = null) =>
        Move(MovementKind.Receipt, quantity, documentId ?? Keys.NewId("grn"));

    private void Move(MovementKind kind, int quantity, string documentId)
    {
        Assert.True(book.TryMove(kind, quantity, documentId, null, Now, out _, out _));
    }
}
