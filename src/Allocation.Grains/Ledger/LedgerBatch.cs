namespace Allocation.Grains.Ledger;

/// <summary>What one group commit makes durable: stock ledger entries and grain records, in one transaction.</summary>
internal sealed record LedgerBatch(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<RecordWrite> Records)
{
    public int Count => Entries.Count + Records.Count;
}
