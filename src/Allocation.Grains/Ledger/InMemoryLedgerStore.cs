using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>The ledger of the in-memory mode and of tests: same contract, nothing survives the process.</summary>
internal sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<StockKey, List<LedgerEntry>> entriesByKey = [];

    public Task<IStagedLedgerBatch> StageAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        Task.FromResult<IStagedLedgerBatch>(new StagedBatch(this, entries));

    private void Append(IReadOnlyList<LedgerEntry> entries)
    {
        lock (gate)
        {
            EnsureContiguous(entries);
            foreach (var entry in entries)
            {
                if (!entriesByKey.TryGetValue(entry.Key, out var list))
                {
                    entriesByKey[entry.Key] = list = [];
                }

                list.Add(entry);
            }
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadAsync(StockKey key, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<LedgerEntry> found = entriesByKey.TryGetValue(key, out var list)
                ? list.Where(entry => entry.Sequence > afterSequence).Take(limit).ToList()
                : [];
            return Task.FromResult(found);
        }
    }

    /// <summary>Like the PostgreSQL primary key: a batch that repeats or skips a sequence is refused whole.</summary>
    private void EnsureContiguous(IReadOnlyList<LedgerEntry> entries)
    {
        var next = new Dictionary<StockKey, long>();
        foreach (var entry in entries)
        {
            if (!next.TryGetValue(entry.Key, out var expected))
            {
                expected = entriesByKey.TryGetValue(entry.Key, out var list) && list.Count > 0 ? list[^1].Sequence + 1 : entry.Sequence;
            }

            if (entry.Sequence != expected)
            {
                throw new InvalidOperationException($"ledger of {entry.Key}: entry {entry.Sequence} where {expected} was expected");
            }

            next[entry.Key] = expected + 1;
        }
    }

    /// <summary>Staging only keeps the batch; the contiguity check and the append happen at commit, in commit order.</summary>
    private sealed class StagedBatch(InMemoryLedgerStore store, IReadOnlyList<LedgerEntry> entries) : IStagedLedgerBatch
    {
        public Task CommitAsync(CancellationToken cancellationToken)
        {
            store.Append(entries);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
