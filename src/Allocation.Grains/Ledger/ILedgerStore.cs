using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>Where ledger entries become durable. A batch is written inside a transaction and committed separately.</summary>
internal interface ILedgerStore
{
    /// <summary>
    /// Writes a batch without committing it, so the next batch can be written while an earlier one commits.
    /// Disposing the returned handle without committing rolls the batch back.
    /// </summary>
    Task<IStagedLedgerBatch> StageAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>Entries of one SKU-store after a sequence, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken);
}

/// <summary>A written, not yet committed, ledger batch.</summary>
internal interface IStagedLedgerBatch : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);
}
