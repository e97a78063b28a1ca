using System.Collections.Concurrent;
using Allocation.Client.Orders;
using Allocation.Load.Scenarios;
using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>
/// Everything the service told the harness during the run, from any thread: the invariant checker compares the
/// service's state with it afterwards.
/// </summary>
public sealed class RunLedger
{
    private readonly ConcurrentDictionary<string, TrackedReservation> reservations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MovementRecord> movements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrackedOrder> orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> floorCounts = new(StringComparer.Ordinal);

    /// <summary>The stores confirmed orders gave work to, for store staff.</summary>
    public StoreRoster Stores { get; } = new();

    public IReadOnlyCollection<TrackedOrder> Orders => [.. orders.Values];

    /// <summary>What happened on the shop floor, by name (short picks, units written off, no-shows...), for the report.</summary>
    public IReadOnlyDictionary<string, long> FloorCounts => new SortedDictionary<string, long>(floorCounts, StringComparer.Ordinal);

    public void CountFloor(string what, long amount = 1) => floorCounts.AddOrUpdate(what, amount, (_, count) => count + amount);

    /// <summary>An order ending call (collect, cancel) answered: Ok acknowledges the end; no answer leaves either possible.</summary>
    public void OrderEndAnswered<T>(string orderId, OrderState asked, ServiceAnswer<T> answer)
    {
        var tracked = orders.GetOrAdd(orderId, id => new TrackedOrder(id));
        lock (tracked)
        {
            if (answer.IsOk)
            {
                tracked.EndAcknowledged = asked;
                tracked.UnansweredEnd = null;
            }
            else if (answer.Kind == AnswerKind.Failed && tracked.EndAcknowledged is null)
            {
                tracked.UnansweredEnd = asked;
            }
        }
    }

    public IReadOnlyCollection<TrackedReservation> Reservations => [.. reservations.Values];

    public IReadOnlyCollection<MovementRecord> Movements => [.. movements.Values];

    public void ReserveAnswered(string reservationId, ServiceAnswer<ReservationReply> answer, DateTimeOffset latestExpiry)
    {
        if (answer.Kind == AnswerKind.Rejected)
        {
            return;
        }

        var tracked = reservations.GetOrAdd(reservationId, id => new TrackedReservation(id, latestExpiry));
        lock (tracked)
        {
            if (answer is { IsOk: true, Value: { } reply })
            {
                tracked.Acknowledged = ParseState(reply.Status);
                tracked.Lines = reply.Lines;
                tracked.LatestExpiry = reply.ExpiresAt;
            }
        }
    }

    public void TransitionAnswered(string reservationId, LeftState asked, ServiceAnswer<ReservationReply> answer)
    {
        if (!reservations.TryGetValue(reservationId, out var tracked))
        {
            return;
        }

        lock (tracked)
        {
            if (answer.Value is { } reply && answer.Kind != AnswerKind.Failed)
            {
                tracked.Acknowledged = ParseState(reply.Status);
                tracked.UnansweredTransition = null;
                if (tracked.Acknowledged == LeftState.Confirmed)
                {
                    Stores.OrderConfirmed(reply.PickupStoreId, reply.Lines.Select(line => line.StoreId));
                }
            }
            else if (answer.Kind == AnswerKind.Failed)
            {
                tracked.UnansweredTransition = asked;
            }
        }
    }

    public MovementRecord MovementSent(MovementKind kind, SkuStore skuStore, int quantity, string documentId) =>
        movements.GetOrAdd(documentId, _ => new MovementRecord(kind, skuStore, quantity, documentId));

    public static void MovementAnswered(MovementRecord record, ServiceAnswer<MovementReply> answer)
    {
        lock (record)
        {
            record.Applied = answer.Kind switch
            {
                AnswerKind.Ok => true,
                AnswerKind.Rejected => false,
                _ => record.Applied,
            };
            if (answer is { IsOk: true, Value: { } reply } && record.Kind == MovementKind.Sale)
            {
                record.ShortfallCaused = Math.Min(record.Quantity, reply.Shortfall);
            }
        }
    }

    public static LeftState ParseState(string status) => status switch
    {
        "Held" => LeftState.Held,
        "Confirmed" => LeftState.Confirmed,
        "Released" => LeftState.Released,
        "Expired" => LeftState.Expired,
        _ => LeftState.Unanswered,
    };
}
