using Allocation.Grains.Ledger;

namespace Allocation.Verification;

/// <summary>
/// Rebuilds counts from ledger entries by their quantities alone, independently of the stock book, and checks that
/// every entry starts where the previous one ended and that no hold oversold. Used to reconcile after tests and
/// benchmarks.
/// </summary>
internal static class LedgerFold
{
    public static LedgerReconciliation Rebuild(IEnumerable<LedgerEntry> entries)
    {
        var counts = default(CountSet);
        long sequence = 0;
        foreach (var entry in entries)
        {
            var problem = Check(entry, sequence, counts);
            if (problem is not null)
            {
                return new LedgerReconciliation(counts, sequence, problem);
            }

            counts = Step(counts, entry);
            if (entry.After != counts)
            {
                return new LedgerReconciliation(counts, sequence, $"entry {entry.Sequence} ({entry.Kind}) records {entry.After}, its quantity gives {counts}");
            }

            sequence = entry.Sequence;
        }

        return new LedgerReconciliation(counts, sequence, null);
    }

    private static string? Check(in LedgerEntry entry, long sequence, CountSet counts)
    {
        if (entry.Sequence != sequence + 1)
        {
            return $"entry {entry.Sequence} follows {sequence}";
        }

        if (entry.Before != counts)
        {
            return $"entry {entry.Sequence} starts from {entry.Before}, the ledger so far gives {counts}";
        }

        if (entry.Kind == LedgerEntryKind.Hold && counts.Unpromised < entry.Quantity)
        {
            return $"entry {entry.Sequence} holds {entry.Quantity} with only {counts.Unpromised} available: oversold";
        }

        return null;
    }

    private static CountSet Step(CountSet counts, in LedgerEntry entry) => entry.Kind switch
    {
        LedgerEntryKind.Receipt or LedgerEntryKind.Adjustment => counts with { OnHand = counts.OnHand + entry.Quantity },
        LedgerEntryKind.Count => counts with { OnHand = entry.Quantity },
        LedgerEntryKind.Sale => counts with { OnHand = counts.OnHand - entry.Quantity },
        LedgerEntryKind.SafetyStock => counts with { SafetyStock = entry.Quantity },
        LedgerEntryKind.Hold => counts with { Held = counts.Held + entry.Quantity },
        LedgerEntryKind.Confirm => counts with { Held = counts.Held - entry.Quantity, Committed = counts.Committed + entry.Quantity },
        LedgerEntryKind.Release or LedgerEntryKind.Expire => counts with { Held = counts.Held - entry.Quantity },
        LedgerEntryKind.Cancel => counts with { Committed = counts.Committed - entry.Quantity },
        LedgerEntryKind.Pick => counts with { OnHand = counts.OnHand - entry.Quantity, Committed = counts.Committed - entry.Quantity },
        LedgerEntryKind.PickShort => counts with { Committed = counts.Committed - entry.Quantity },
        LedgerEntryKind.TransitIn => counts with { InTransit = counts.InTransit + entry.Quantity },
        LedgerEntryKind.TransitArrive => counts with { InTransit = counts.InTransit - entry.Quantity },
        LedgerEntryKind.Handover => counts,
        _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Kind, "unknown ledger entry kind"),
    };
}

/// <summary>Counts rebuilt from a ledger, the last sequence read, and the first discrepancy found (null when it reconciles).</summary>
internal sealed record LedgerReconciliation(CountSet Counts, long Sequence, string? Problem)
{
    public bool Reconciles => Problem is null;
}
