using Allocation.Client.Orders;
using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

internal static class ReservationChecks
{
    public const string ReadableName = "acknowledged reservations kept";

    /// <summary>
    /// Every reservation the service acknowledged is readable, in a state its acknowledged calls allow, with the same
    /// units; a paid one agrees with its order (read in <paramref name="orders"/> when store operations ran): its units
    /// are the order's, less what short picks wrote off.
    /// </summary>
    public static InvariantCheck Readable(
        IEnumerable<TrackedReservation> tracked, IReadOnlyDictionary<string, ServiceAnswer<ReservationReply>> answers,
        IReadOnlyDictionary<string, Order> orders, DateTimeOffset now)
    {
        var violations = new ViolationList();
        foreach (var reservation in tracked.Where(reservation => reservation.Acknowledged != LeftState.Unanswered))
        {
            var answer = answers.GetValueOrDefault(reservation.ReservationId);
            if (answer is not { IsOk: true, Value: { } reply })
            {
                violations.Fail($"{reservation.ReservationId}: acknowledged {reservation.Acknowledged}, now unreadable ({answer?.Problem ?? "not read"})");
                continue;
            }

            var allowed = ReservationExpectation.AllowedStates(reservation, reply.OrderState, now);
            if (!allowed.Contains(reply.Status))
            {
                violations.Fail($"{reservation.ReservationId}: acknowledged {reservation.Acknowledged}, now {reply.Status} (allowed: {string.Join("/", allowed)})");
            }
            else if (!ReservationExpectation.SameUnits(ExpectedLines(reservation, reply, orders), reply.Lines))
            {
                violations.Fail($"{reservation.ReservationId}: its units per SKU differ from what was acknowledged (or, once paid, from its order's)");
            }
            else
            {
                violations.Pass();
            }
        }

        return violations.ToCheck(ReadableName, "every acknowledged reservation reads back in the state it was left (a hold past its expiry as expired), with the units acknowledged");
    }

    private static IEnumerable<ReservationLineReply> ExpectedLines(TrackedReservation reservation, ReservationReply reply, IReadOnlyDictionary<string, Order> orders) =>
        reply.OrderState is not null && orders.GetValueOrDefault(reservation.ReservationId) is { } order
            ? order.Lines.Where(line => line.Quantity > line.WrittenOff).Select(line => new ReservationLineReply(line.Sku, line.SourceStoreId, line.Quantity - line.WrittenOff))
            : reservation.Lines;
}
