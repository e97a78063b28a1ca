using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The gap guard's pure half: a SKU-store's entries in a batch must follow each other (sequence n, n + 1, ...), and the
/// first of them (its head) must follow what the ledger already holds, which only the store can tell. A head of
/// sequence 1 starts a ledger and needs nothing before it.
/// </summary>
internal static class LedgerContinuity
{
    /// <summary>Each SKU-store's first entry of the batch, and the SKU-stores whose entries in the batch skip a sequence.</summary>
    public static (IReadOnlyList<LedgerEntry> Heads, IReadOnlySet<StockKey> Broken) Inspect(IEnumerable<LedgerEntry> entries)
    {
        var last = new Dictionary<StockKey, long>();
        var heads = new List<LedgerEntry>();
        var broken = new HashSet<StockKey>();
        foreach (var entry in entries)
        {
            if (!last.TryGetValue(entry.Key, out var previous))
            {
                heads.Add(entry);
            }
            else if (entry.Sequence != previous + 1)
            {
                broken.Add(entry.Key);
            }

            last[entry.Key] = entry.Sequence;
        }

        return (heads, broken);
    }

    /// <summary>The heads the store must find a predecessor for: every head but a ledger's first entry.</summary>
    public static IReadOnlyList<LedgerEntry> NeedingPredecessor(IReadOnlyList<LedgerEntry> heads) =>
        heads.Where(head => head.Sequence > 1).ToList();
}
