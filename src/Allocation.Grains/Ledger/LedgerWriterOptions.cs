using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Ledger;

public sealed class LedgerWriterOptions
{
    public const string SectionName = "Allocation:Ledger";

    /// <summary>Entries waiting for the next commit before new writes are turned away as overload (back-pressure).</summary>
    [Range(1_000, 10_000_000)]
    public int PendingEntriesMax { get; set; } = 200_000;
}
