using Allocation.Grains.Contracts;
using Allocation.Grains.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>The ledger of the in-memory mode and of tests: same contract, nothing survives the process.</summary>
internal sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<StockKey, List<LedgerEntry>> entriesByKey = [];

    public Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
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

        return Task.CompletedTask;
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
}
