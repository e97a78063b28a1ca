using System.Collections.Concurrent;
using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>
/// After the run, against the service's GET endpoints: every acknowledged reservation is readable in the state it was
/// left, no SKU-store is oversold, and every SKU-store's counts equal what the harness was told. Call it once the
/// run's holds can no longer change (every hold expired or ended), so each read is stable.
/// </summary>
public sealed class InvariantChecker(IAllocationService service, TimeProvider time, int parallelism)
{
    public async Task<InvariantReport> CheckAsync(RunLedger ledger, IReadOnlyDictionary<SkuStore, StockReply> baseline, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var resolved = await ResolveMovementsAsync(ledger, cancellationToken);
        if (resolved > 0)
        {
            notes.Add($"{resolved} unanswered stock movements were re-sent with the same document id to learn their outcome");
        }

        var now = time.GetUtcNow();
        var reservations = await ReadAllAsync(ledger.Reservations.Select(tracked => tracked.ReservationId), service.GetReservationAsync, cancellationToken);
        var stock = await ReadAllAsync(baseline.Keys, service.GetStockAsync, cancellationToken);
        var readable = reservations.Where(pair => pair.Value is { IsOk: true, Value: not null }).Select(pair => pair.Value.Value!).ToList();
        var checks = new List<InvariantCheck>
        {
            ReservationChecks.Readable(ledger.Reservations, reservations, now),
            StockChecks.NotOversold(stock, ledger.Movements),
            StockChecks.Reconciled(ExpectedCounts.Compute(baseline, ledger.Movements, readable), stock, baseline),
        };
        if (baseline.Values.Any(counts => counts.Held > 0))
        {
            notes.Add("some SKU-stores had holds before the run (another client, or an earlier run): held is checked as a range there");
        }

        return new InvariantReport(checks, notes);
    }

    private async Task<int> ResolveMovementsAsync(RunLedger ledger, CancellationToken cancellationToken)
    {
        var unanswered = ledger.Movements.Where(movement => movement.Applied is null).ToList();
        await Parallel.ForEachAsync(unanswered, Options(cancellationToken), async (movement, token) =>
        {
            var answer = await service.MoveAsync(movement.Kind, movement.SkuStore, movement.Quantity, movement.DocumentId, token);
            RunLedger.MovementAnswered(movement, answer);
        });
        return unanswered.Count;
    }

    private async Task<IReadOnlyDictionary<TKey, ServiceAnswer<TValue>>> ReadAllAsync<TKey, TValue>(
        IEnumerable<TKey> keys, Func<TKey, CancellationToken, Task<ServiceAnswer<TValue>>> read, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var answers = new ConcurrentDictionary<TKey, ServiceAnswer<TValue>>();
        await Parallel.ForEachAsync(keys, Options(cancellationToken), async (key, token) => answers[key] = await read(key, token));
        return answers;
    }

    private ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
}
