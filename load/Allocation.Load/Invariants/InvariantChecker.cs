using System.Collections.Concurrent;
using Allocation.Client.Orders;
using Allocation.Client.Stores;
using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>
/// After the run, against the service's GET endpoints: every acknowledged reservation is readable in the state it was
/// left, no SKU-store is oversold, and every SKU-store's counts equal what the harness was told. Call it once the
/// run's holds can no longer change (every hold expired or ended), so each read is stable. With the store-operations
/// API (store staff in the run), the paid orders are read too: each in a known state and listed at its stores, and
/// units conserved per SKU across stock, transit, picked and handed-over orders.
/// </summary>
public sealed class InvariantChecker(IAllocationService service, TimeProvider time, int parallelism, IStoreOperations? store = null)
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
        // Paid: confirmed, or released by the cancel of its order (the read then names the order's state).
        var paid = readable.Where(reservation => reservation.Status == "Confirmed" || reservation.OrderState is not null).Select(reservation => reservation.ReservationId).ToList();
        IReadOnlyDictionary<string, ServiceAnswer<Order>> orderAnswers = store is null ? new Dictionary<string, ServiceAnswer<Order>>() : await ReadAllAsync(paid, store.GetOrderAsync, cancellationToken);
        var orders = orderAnswers.Where(pair => pair.Value is { IsOk: true, Value: not null }).ToDictionary(pair => pair.Key, pair => pair.Value.Value!, StringComparer.Ordinal);
        var checks = new List<InvariantCheck>
        {
            ReservationChecks.Readable(ledger.Reservations, reservations, orders, now),
            StockChecks.NotOversold(stock, ledger.Movements),
            StockChecks.Reconciled(ExpectedCounts.Compute(baseline, ledger.Movements, readable, orders), stock, baseline, ExpectedCounts.OnHandMovedByOrders(orders.Values)),
        };
        if (store is not null)
        {
            checks.AddRange(await OrderChecksAsync(store, ledger, paid, orderAnswers, orders.Values, cancellationToken));
            var readStock = stock.Where(pair => pair.Value is { IsOk: true, Value: not null }).ToDictionary(pair => pair.Key, pair => pair.Value.Value!);
            checks.Add(UnitConservation.Check(UnitConservation.Compute(baseline, readStock, ledger.Movements, orders.Values)));
        }

        if (baseline.Values.Any(counts => counts.Held > 0))
        {
            notes.Add("some SKU-stores had holds before the run (another client, or an earlier run): held is checked as a range there");
        }

        return new InvariantReport(checks, notes);
    }

    private async Task<IReadOnlyList<InvariantCheck>> OrderChecksAsync(
        IStoreOperations operations, RunLedger ledger, IReadOnlyCollection<string> paid, IReadOnlyDictionary<string, ServiceAnswer<Order>> orderAnswers,
        IReadOnlyCollection<Order> orders, CancellationToken cancellationToken)
    {
        var storeStates = orders.Select(order => (order.PickupStoreId, order.State)).Distinct().ToList();
        var storeLists = await ReadAllAsync(storeStates, (key, token) => operations.GetStoreOrdersAsync(key.PickupStoreId, key.State, token), cancellationToken);
        var sources = orders.SelectMany(order => order.Lines).Where(line => line.State == OrderLineState.Committed).Select(line => line.SourceStoreId).Distinct(StringComparer.Ordinal);
        var pickLists = await ReadAllAsync(sources, operations.GetPickListAsync, cancellationToken);
        var tracked = OrderEnds(ledger, paid);
        var lists = storeLists.ToDictionary(pair => (pair.Key.PickupStoreId, pair.Key.State), pair => pair.Value);
        return [OrderChecks.KnownState(paid, orderAnswers, tracked), OrderChecks.Listed(orders, lists, pickLists)];
    }

    /// <summary>
    /// How the harness left each paid order: its store steps, and a checkout's release after payment, which is the
    /// customer's cancel of the order.
    /// </summary>
    private static Dictionary<string, TrackedOrder> OrderEnds(RunLedger ledger, IReadOnlyCollection<string> paid)
    {
        var tracked = ledger.Orders.ToDictionary(order => order.OrderId, StringComparer.Ordinal);
        var paidIds = paid.ToHashSet(StringComparer.Ordinal);
        foreach (var reservation in ledger.Reservations.Where(reservation => paidIds.Contains(reservation.ReservationId)))
        {
            var released = reservation.Acknowledged == LeftState.Released;
            var maybeReleased = reservation.UnansweredTransition == LeftState.Released;
            if (!released && !maybeReleased)
            {
                continue;
            }

            var known = tracked.GetValueOrDefault(reservation.ReservationId);
            tracked[reservation.ReservationId] = new TrackedOrder(reservation.ReservationId)
            {
                EndAcknowledged = known?.EndAcknowledged ?? (released ? OrderState.Cancelled : null),
                UnansweredEnd = known?.UnansweredEnd ?? (maybeReleased ? OrderState.Cancelled : null),
            };
        }

        return tracked;
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
