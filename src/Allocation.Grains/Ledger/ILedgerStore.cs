using Allocation.Grains.Contracts;
using Allocation.Grains.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>Where ledger entries become durable. Implementations write a batch atomically: all of it or none.</summary>
internal interface ILedgerStore
{
    Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>Entries of one SKU-store after a sequence, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken);
}
