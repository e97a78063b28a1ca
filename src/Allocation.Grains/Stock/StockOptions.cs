using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Stock;

public sealed class StockOptions
{
    public const string SectionName = "Allocation:Stock";

    /// <summary>A snapshot is written after at least this many entries (and at least twice the held records), so replay stays short and snapshots stay amortised.</summary>
    [Range(100, 10_000_000)]
    public int SnapshotEveryEntriesMin { get; set; } = 10_000;

    /// <summary>
    /// Ended holds and applied documents are kept in memory this long, so repeats are answered without a read. A
    /// document repeated later is still never applied again: it is found in the ledger (<see cref="DocumentHistory"/>).
    /// </summary>
    [Range(1, 525_600)]
    public int FinishedRetentionMinutes { get; set; } = 1_440;
}
