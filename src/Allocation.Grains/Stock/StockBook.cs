using Allocation.Contracts;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Stock;

/// <summary>
/// The in-memory stock of one SKU-store. Decisions (TryHold, TryConfirm, ...) check a request against the counts and,
/// when it changes anything, produce a ledger entry and apply it. <see cref="Apply"/> is the only state transition:
/// live decisions and recovery replay both go through it, so replaying the ledger rebuilds exactly the live state.
/// Not thread-safe: one grain turn at a time owns it.
/// </summary>
internal sealed class StockBook
{
    private readonly Dictionary<string, HoldRecord> holds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentRecord> documents = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> deadlines = new();
    private readonly Queue<FinishedItem> finished = new();
    private int heldUnits;
    private int committedUnits;

    public StockBook(StockKey key)
    {
        Key = key;
    }

    public StockKey Key { get; }

    public CountSet Counts { get; private set; }

    /// <summary>Sequence of the last applied ledger entry; 0 for a SKU-store that never changed.</summary>
    public long Sequence { get; private set; }

    public int OpenHolds { get; private set; }

    public long? NextDeadlineUnixMilliseconds => deadlines.TryPeek(out _, out var deadline) ? deadline : null;

    public HoldStatus? StatusOf(string reservationId) =>
        holds.TryGetValue(reservationId, out var hold) ? hold.Status : null;

    public bool TryHold(string reservationId, int quantity, int ttlSeconds, long expiresAtMs, long nowMs, out HoldDecision decision, out LedgerEntry entry)
    {
        entry = default;
        if (holds.TryGetValue(reservationId, out var existing))
        {
            var sameRequest = existing.Quantity == quantity && existing.TtlSeconds == ttlSeconds;
            var outcome = sameRequest && existing.IsOpen ? HoldOutcome.AlreadyHeld : HoldOutcome.Conflict;
            decision = new HoldDecision(outcome, existing.Quantity, existing.ExpiresAtUnixMilliseconds, Available, existing.Status);
            return false;
        }

        if (quantity > Counts.Unpromised)
        {
            decision = new HoldDecision(HoldOutcome.InsufficientStock, quantity, 0, Available, null);
            return false;
        }

        var after = Counts with { Held = Counts.Held + quantity };
        entry = NewEntry(LedgerEntryKind.Hold, quantity, after, reservationId, null, ttlSeconds, expiresAtMs, nowMs);
        Apply(entry);
        decision = new HoldDecision(HoldOutcome.Held, quantity, expiresAtMs, Available, HoldStatus.Held);
        return true;
    }

    public bool TryConfirm(string reservationId, long nowMs, out TransitionDecision decision, out LedgerEntry entry)
    {
        entry = default;
        if (!TryFindHold(reservationId, out var hold, out decision))
        {
            return false;
        }

        var lateConfirm = hold.Status == HoldStatus.Held && nowMs >= hold.ExpiresAtUnixMilliseconds;
        if (hold.Status != HoldStatus.Held || lateConfirm)
        {
            var outcome = hold.Status == HoldStatus.Committed ? TransitionOutcome.AlreadyDone : TransitionOutcome.Refused;
            decision = new TransitionDecision(outcome, lateConfirm ? HoldStatus.Expired : hold.Status, hold.Quantity);
            return false;
        }

        var after = Counts with { Held = Counts.Held - hold.Quantity, Committed = Counts.Committed + hold.Quantity };
        decision = Transition(LedgerEntryKind.Confirm, reservationId, hold.Quantity, after, HoldStatus.Committed, nowMs, out entry);
        return true;
    }

    /// <summary>Held units return at once; committed units (a cancel after payment) too. Ended holds answer AlreadyDone.</summary>
    public bool TryRelease(string reservationId, long nowMs, out TransitionDecision decision, out LedgerEntry entry)
    {
        entry = default;
        if (!TryFindHold(reservationId, out var hold, out decision))
        {
            return false;
        }

        switch (hold.Status)
        {
            case HoldStatus.Held:
                var released = Counts with { Held = Counts.Held - hold.Quantity };
                decision = Transition(LedgerEntryKind.Release, reservationId, hold.Quantity, released, HoldStatus.Released, nowMs, out entry);
                return true;
            case HoldStatus.Committed:
                var cancelled = Counts with { Committed = Counts.Committed - hold.Quantity };
                decision = Transition(LedgerEntryKind.Cancel, reservationId, hold.Quantity, cancelled, HoldStatus.Cancelled, nowMs, out entry);
                return true;
            case HoldStatus.Picked:
                decision = new TransitionDecision(TransitionOutcome.Refused, hold.Status, hold.Quantity);
                return false;
            default:
                decision = new TransitionDecision(TransitionOutcome.AlreadyDone, hold.Status, hold.Quantity);
                return false;
        }
    }

    /// <summary>Committed units leave the store with the customer's order. Refused when on hand no longer covers them.</summary>
    public bool TryPick(string reservationId, long nowMs, out TransitionDecision decision, out LedgerEntry entry)
    {
        entry = default;
        if (!TryFindHold(reservationId, out var hold, out decision))
        {
            return false;
        }

        if (hold.Status != HoldStatus.Committed || Counts.OnHand < hold.Quantity)
        {
            var outcome = hold.Status == HoldStatus.Picked ? TransitionOutcome.AlreadyDone : TransitionOutcome.Refused;
            decision = new TransitionDecision(outcome, hold.Status, hold.Quantity);
            return false;
        }

        var after = Counts with { OnHand = Counts.OnHand - hold.Quantity, Committed = Counts.Committed - hold.Quantity };
        decision = Transition(LedgerEntryKind.Pick, reservationId, hold.Quantity, after, HoldStatus.Picked, nowMs, out entry);
        return true;
    }

    /// <summary>
    /// Staff found <paramref name="quantityFound"/> (0..the hold's units) of a committed hold: the shelf is the truth, so
    /// the pick succeeds whatever the book believes. When the book has fewer on hand than were found (a till sale, a
    /// count or an adjustment got there first), on hand is raised to what was found (an adjustment with reason
    /// <see cref="PickFoundReason"/>); the missing units are written off as far as on hand beyond the found ones has
    /// them (reason <see cref="ShortPickReason"/>); the hold shrinks to what was found and the found units are picked.
    /// Up to four entries, all checked before any is applied, so a refusal changes nothing.
    /// </summary>
    public bool TryPickFound(string reservationId, int quantityFound, long nowMs, out TransitionDecision decision, out List<LedgerEntry> entries)
    {
        entries = [];
        if (!TryFindHold(reservationId, out var hold, out decision))
        {
            return false;
        }

        var correctionId = PickFoundDocumentOf(reservationId);
        var writeOffId = ShortPickDocumentOf(reservationId);
        if (hold.Status != HoldStatus.Committed || quantityFound < 0 || quantityFound > hold.Quantity
            || documents.ContainsKey(correctionId) || documents.ContainsKey(writeOffId))
        {
            var outcome = hold.Status == HoldStatus.Picked && hold.Quantity == quantityFound ? TransitionOutcome.AlreadyDone : TransitionOutcome.Refused;
            decision = new TransitionDecision(outcome, hold.Status, hold.Quantity);
            return false;
        }

        var plan = PlanPickFound(hold.Quantity, quantityFound);
        var counts = Counts;
        var sequence = Sequence;
        if (plan.CorrectionUnits > 0)
        {
            counts = Plan(entries, ref sequence, LedgerEntryKind.Adjustment, plan.CorrectionUnits, counts, counts with { OnHand = counts.OnHand + plan.CorrectionUnits }, correctionId, PickFoundReason, nowMs);
        }

        if (plan.WriteOffUnits > 0)
        {
            counts = Plan(entries, ref sequence, LedgerEntryKind.Adjustment, -plan.WriteOffUnits, counts, counts with { OnHand = counts.OnHand - plan.WriteOffUnits }, writeOffId, ShortPickReason, nowMs);
        }

        if (plan.MissingUnits > 0)
        {
            counts = Plan(entries, ref sequence, LedgerEntryKind.PickShort, plan.MissingUnits, counts, counts with { Committed = counts.Committed - plan.MissingUnits }, reservationId, ShortPickReason, nowMs);
        }

        Plan(entries, ref sequence, LedgerEntryKind.Pick, quantityFound, counts, counts with { OnHand = counts.OnHand - quantityFound, Committed = counts.Committed - quantityFound }, reservationId, null, nowMs);
        foreach (var entry in entries)
        {
            Apply(entry);
        }

        decision = new TransitionDecision(TransitionOutcome.Done, HoldStatus.Picked, quantityFound);
        return true;
    }

    /// <summary>
    /// What a pick of <paramref name="foundUnits"/> of a committed line of <paramref name="lineUnits"/> does to this
    /// SKU-store's on hand: raised by CorrectionUnits first if the book believed fewer than were found, then lowered by
    /// WriteOffUnits (missing units the book still counted) and by the found units. Pure: nothing changes.
    /// </summary>
    public PickFoundPlan PlanPickFound(int lineUnits, int foundUnits)
    {
        Invariant.Require(foundUnits >= 0 && foundUnits <= lineUnits, $"{Key}: found {foundUnits} of {lineUnits}");
        var correction = Math.Max(0, foundUnits - Counts.OnHand);
        var missing = lineUnits - foundUnits;
        var writeOff = Math.Min(missing, Counts.OnHand + correction - foundUnits);
        return new PickFoundPlan(correction, writeOff, missing);
    }

    /// <summary>An entry of a multi-entry decision, continuing <paramref name="before"/>; applied later, all or none.</summary>
    private CountSet Plan(List<LedgerEntry> entries, ref long sequence, LedgerEntryKind kind, int quantity, CountSet before, CountSet after, string referenceId, string? reason, long nowMs)
    {
        Invariant.Require(after.IsNonNegative && after.OnHand <= StockLimits.UnitsMax, $"{Key}: {kind} of {quantity} for {referenceId} would leave {after}");
        sequence++;
        entries.Add(new LedgerEntry(Key, sequence, kind, quantity, before, after, referenceId, reason, 0, 0, nowMs));
        return after;
    }

    /// <summary>The reason of a short pick's write-off; reserved: the stock API refuses it for other adjustments.</summary>
    public const string ShortPickReason = "short-pick";

    /// <summary>The reason of the adjustment raising on hand to what a picker found; reserved like <see cref="ShortPickReason"/>.</summary>
    public const string PickFoundReason = "pick-found";

    public static string ShortPickDocumentOf(string reservationId) => reservationId + "~short-pick";

    public static string PickFoundDocumentOf(string reservationId) => reservationId + "~pick-found";

    private bool TryFindHold(string reservationId, out HoldRecord hold, out TransitionDecision decision)
    {
        decision = new TransitionDecision(TransitionOutcome.NotFound, null, 0);
        return holds.TryGetValue(reservationId, out hold);
    }

    /// <summary>Records a hold's change of state as a ledger entry and applies it.</summary>
    private TransitionDecision Transition(LedgerEntryKind kind, string reservationId, int quantity, CountSet after, HoldStatus status, long nowMs, out LedgerEntry entry)
    {
        entry = NewEntry(kind, quantity, after, reservationId, null, 0, 0, nowMs);
        Apply(entry);
        return new TransitionDecision(TransitionOutcome.Done, status, quantity);
    }

    /// <summary>Expires the earliest hold whose deadline has passed, if any. Call until it returns false.</summary>
    public bool TryExpireNext(long nowMs, out LedgerEntry entry)
    {
        entry = default;
        while (deadlines.TryPeek(out var reservationId, out var deadline) && deadline <= nowMs)
        {
            deadlines.Dequeue();
            var stillHeld = holds.TryGetValue(reservationId, out var hold)
                && hold.Status == HoldStatus.Held
                && hold.ExpiresAtUnixMilliseconds == deadline;
            if (!stillHeld)
            {
                continue;
            }

            entry = NewEntry(LedgerEntryKind.Expire, hold.Quantity, Counts with { Held = Counts.Held - hold.Quantity }, reservationId, null, 0, deadline, nowMs);
            Apply(entry);
            return true;
        }

        return false;
    }

    /// <summary>Whether a repeat of <paramref name="documentId"/> is answered from memory (applied within the retention).</summary>
    public bool Remembers(string documentId) => documents.ContainsKey(documentId);

    public bool TryMove(MovementKind kind, int quantity, string documentId, string? reason, long nowMs, out MovementDecision decision, out LedgerEntry entry)
    {
        entry = default;
        var entryKind = ToEntryKind(kind);
        if (MovementProblem(documentId, reason) is { } problem)
        {
            // The API refuses such input first; the engine refuses it too, whatever gets through.
            decision = new MovementDecision(MovementOutcome.Rejected, Counts, problem);
            return false;
        }

        if (documents.TryGetValue(documentId, out var applied))
        {
            decision = DocumentHistory.RepeatOf(applied, entryKind, quantity, reason, documentId, Counts);
            return false;
        }

        var (after, refusal) = MovedCounts(kind, quantity);
        if (refusal is not null)
        {
            decision = new MovementDecision(MovementOutcome.Rejected, Counts, refusal);
            return false;
        }

        entry = NewEntry(entryKind, quantity, after, documentId, reason, 0, 0, nowMs);
        Apply(entry);
        var message = Counts.Shortfall > 0 ? $"on hand covers {Counts.Shortfall} fewer units than are held or committed" : null;
        decision = new MovementDecision(MovementOutcome.Applied, Counts, message);
        return true;
    }

    private static string? MovementProblem(string documentId, string? reason) =>
        !Identifiers.IsValid(documentId) && !Identifiers.IsDerived(documentId) ? $"documentId: {Identifiers.Description}"
        : FreeText.Problem(reason, FreeText.ReasonLengthMax) is { } problem ? "reason: " + problem
        : reason is ShortPickReason or PickFoundReason ? $"reason: '{reason}' is reserved for picks confirmed on an order"
        : null;

    /// <summary>The only state transition. Checks the entry continues this book exactly, then the invariants.</summary>
    public void Apply(in LedgerEntry entry)
    {
        Invariant.Require(entry.Key == Key, $"entry for {entry.Key} applied to {Key}");
        Invariant.Require(entry.Sequence == Sequence + 1, $"{Key}: entry {entry.Sequence} does not follow {Sequence}");
        Invariant.Require(entry.Before == Counts, $"{Key}: entry {entry.Sequence} starts from {entry.Before}, book has {Counts}");
        switch (entry.Kind)
        {
            case LedgerEntryKind.Hold:
                Invariant.Require(entry.After.Unpromised >= 0, $"{Key}: hold {entry.ReferenceId} oversells");
                Invariant.Require(holds.TryAdd(entry.ReferenceId, new HoldRecord(entry.Quantity, entry.TtlSeconds, entry.ExpiresAtUnixMilliseconds, HoldStatus.Held)), $"{Key}: hold {entry.ReferenceId} exists");
                deadlines.Enqueue(entry.ReferenceId, entry.ExpiresAtUnixMilliseconds);
                heldUnits += entry.Quantity;
                OpenHolds++;
                break;
            case LedgerEntryKind.Confirm:
                Transition(entry, HoldStatus.Held, HoldStatus.Committed);
                heldUnits -= entry.Quantity;
                committedUnits += entry.Quantity;
                break;
            case LedgerEntryKind.Release or LedgerEntryKind.Expire:
                Transition(entry, HoldStatus.Held, entry.Kind == LedgerEntryKind.Release ? HoldStatus.Released : HoldStatus.Expired);
                heldUnits -= entry.Quantity;
                break;
            case LedgerEntryKind.PickShort:
                var found = holds.TryGetValue(entry.ReferenceId, out var shrinking);
                Invariant.Require(found && shrinking.Status == HoldStatus.Committed && shrinking.Quantity >= entry.Quantity, $"{Key}: short pick of {entry.ReferenceId} does not match its hold");
                holds[entry.ReferenceId] = shrinking with { Quantity = shrinking.Quantity - entry.Quantity };
                committedUnits -= entry.Quantity;
                break;
            case LedgerEntryKind.Cancel or LedgerEntryKind.Pick:
                Transition(entry, HoldStatus.Committed, entry.Kind == LedgerEntryKind.Cancel ? HoldStatus.Cancelled : HoldStatus.Picked);
                committedUnits -= entry.Quantity;
                break;
            default:
                Invariant.Require(documents.TryAdd(entry.ReferenceId, new DocumentRecord(entry.Kind, entry.Quantity, entry.Reason, entry.OccurredAtUnixMilliseconds)), $"{Key}: document {entry.ReferenceId} exists");
                finished.Enqueue(new FinishedItem(entry.ReferenceId, IsDocument: true, entry.OccurredAtUnixMilliseconds));
                break;
        }

        Counts = entry.After;
        Sequence = entry.Sequence;
        CheckInvariants();
    }

    /// <summary>Forgets ended holds and applied documents older than the retention, so memory stays bounded.</summary>
    public void Prune(long nowMs, long retentionMs)
    {
        while (finished.TryPeek(out var item) && item.FinishedAtUnixMilliseconds + retentionMs <= nowMs)
        {
            finished.Dequeue();
            if (item.IsDocument)
            {
                documents.Remove(item.Id);
            }
            else if (holds.TryGetValue(item.Id, out var hold) && !hold.IsOpen)
            {
                holds.Remove(item.Id);
            }
        }
    }

    public StockSnapshot ToSnapshot()
    {
        var finishedAt = finished.Where(item => !item.IsDocument).ToDictionary(item => item.Id, item => item.FinishedAtUnixMilliseconds, StringComparer.Ordinal);
        return new StockSnapshot
        {
            Sequence = Sequence,
            OnHand = Counts.OnHand,
            Held = Counts.Held,
            Committed = Counts.Committed,
            SafetyStock = Counts.SafetyStock,
            InTransit = Counts.InTransit,
            Holds = holds.Select(pair => new HoldSnapshot(pair.Key, pair.Value.Quantity, pair.Value.TtlSeconds, pair.Value.ExpiresAtUnixMilliseconds, pair.Value.Status, finishedAt.GetValueOrDefault(pair.Key))).ToList(),
            Documents = documents.Select(pair => new DocumentSnapshot(pair.Key, pair.Value.Kind, pair.Value.Quantity, pair.Value.Reason, pair.Value.AppliedAtUnixMilliseconds)).ToList(),
        };
    }

    public static StockBook FromSnapshot(StockKey key, StockSnapshot snapshot)
    {
        var book = new StockBook(key)
        {
            Sequence = snapshot.Sequence,
            Counts = new CountSet(snapshot.OnHand, snapshot.Held, snapshot.Committed, snapshot.SafetyStock, snapshot.InTransit),
        };
        var ended = new List<FinishedItem>();
        foreach (var hold in snapshot.Holds)
        {
            book.holds.Add(hold.ReservationId, new HoldRecord(hold.Quantity, hold.TtlSeconds, hold.ExpiresAtUnixMilliseconds, hold.Status));
            book.CountRestoredHold(hold, ended);
        }

        foreach (var document in snapshot.Documents)
        {
            book.documents.Add(document.DocumentId, new DocumentRecord(document.Kind, document.Quantity, document.Reason, document.AppliedAtUnixMilliseconds));
            ended.Add(new FinishedItem(document.DocumentId, IsDocument: true, document.AppliedAtUnixMilliseconds));
        }

        foreach (var item in ended.OrderBy(item => item.FinishedAtUnixMilliseconds))
        {
            book.finished.Enqueue(item);
        }

        book.CheckInvariants();
        return book;
    }

    private int Available => Math.Max(0, Counts.Unpromised);

    private void CountRestoredHold(HoldSnapshot hold, List<FinishedItem> ended)
    {
        switch (hold.Status)
        {
            case HoldStatus.Held:
                heldUnits += hold.Quantity;
                deadlines.Enqueue(hold.ReservationId, hold.ExpiresAtUnixMilliseconds);
                OpenHolds++;
                break;
            case HoldStatus.Committed:
                committedUnits += hold.Quantity;
                OpenHolds++;
                break;
            default:
                ended.Add(new FinishedItem(hold.ReservationId, IsDocument: false, hold.FinishedAtUnixMilliseconds));
                break;
        }
    }

    private void Transition(in LedgerEntry entry, HoldStatus from, HoldStatus to)
    {
        var found = holds.TryGetValue(entry.ReferenceId, out var hold);
        Invariant.Require(found && hold.Status == from && hold.Quantity == entry.Quantity, $"{Key}: {entry.Kind} of {entry.ReferenceId} does not match its hold");
        holds[entry.ReferenceId] = hold with { Status = to };
        if (to is not HoldStatus.Committed)
        {
            OpenHolds--;
            finished.Enqueue(new FinishedItem(entry.ReferenceId, IsDocument: false, entry.OccurredAtUnixMilliseconds));
        }
    }

    private (CountSet After, string? Refusal) MovedCounts(MovementKind kind, int quantity)
    {
        var counts = Counts;
        long onHand = kind switch
        {
            MovementKind.Receipt => (long)counts.OnHand + quantity,
            MovementKind.Count => quantity,
            MovementKind.Adjustment => (long)counts.OnHand + quantity,
            MovementKind.Sale => (long)counts.OnHand - quantity,
            _ => counts.OnHand,
        };
        if (onHand < 0)
        {
            return (counts, $"on hand is {counts.OnHand}; a {kind.ToString().ToLowerInvariant()} of {quantity} would leave it negative (record a count instead)");
        }

        if (onHand > StockLimits.UnitsMax)
        {
            return (counts, $"on hand would exceed {StockLimits.UnitsMax} units");
        }

        long inTransit = kind switch
        {
            MovementKind.TransitDispatched => (long)counts.InTransit + quantity,
            MovementKind.TransitArrived => (long)counts.InTransit - quantity,
            _ => counts.InTransit,
        };
        if (inTransit < 0 || inTransit > StockLimits.UnitsMax || (kind is MovementKind.TransitDispatched or MovementKind.TransitArrived or MovementKind.Handover && quantity < 0))
        {
            return (counts, $"in transit is {counts.InTransit}; a {kind} of {quantity} does not fit it");
        }

        var safety = kind == MovementKind.SafetyStock ? quantity : counts.SafetyStock;
        return (counts with { OnHand = (int)onHand, SafetyStock = safety, InTransit = (int)inTransit }, null);
    }

    private LedgerEntry NewEntry(LedgerEntryKind kind, int quantity, CountSet after, string referenceId, string? reason, int ttlSeconds, long expiresAtMs, long nowMs) =>
        new(Key, Sequence + 1, kind, quantity, Counts, after, referenceId, reason, ttlSeconds, expiresAtMs, nowMs);

    private void CheckInvariants()
    {
        Invariant.Require(Counts.IsNonNegative, $"{Key}: negative count {Counts}");
        Invariant.Require(Counts.Held == heldUnits, $"{Key}: held {Counts.Held} but holds add up to {heldUnits}");
        Invariant.Require(Counts.Committed == committedUnits, $"{Key}: committed {Counts.Committed} but holds add up to {committedUnits}");
        Invariant.Require(OpenHolds >= 0 && OpenHolds <= holds.Count, $"{Key}: {OpenHolds} open holds of {holds.Count}");
    }

    public static LedgerEntryKind ToEntryKind(MovementKind kind) => kind switch
    {
        MovementKind.Receipt => LedgerEntryKind.Receipt,
        MovementKind.Count => LedgerEntryKind.Count,
        MovementKind.Adjustment => LedgerEntryKind.Adjustment,
        MovementKind.Sale => LedgerEntryKind.Sale,
        MovementKind.SafetyStock => LedgerEntryKind.SafetyStock,
        MovementKind.TransitDispatched => LedgerEntryKind.TransitIn,
        MovementKind.TransitArrived => LedgerEntryKind.TransitArrive,
        MovementKind.Handover => LedgerEntryKind.Handover,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown movement kind"),
    };

    private readonly record struct FinishedItem(string Id, bool IsDocument, long FinishedAtUnixMilliseconds);
}
