using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>Which states a reservation may be in after the run, given what the service acknowledged.</summary>
public static class ReservationExpectation
{
    /// <param name="orderState">The order's state as the reservation read names it (null before payment): a paid
    /// reservation reads Released once its order was cancelled, Confirmed otherwise.</param>
    public static IReadOnlySet<string> AllowedStates(TrackedReservation tracked, string? orderState, DateTimeOffset now)
    {
        var paid = orderState == "Cancelled" ? "Released" : "Confirmed";
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        switch (tracked.Acknowledged)
        {
            case LeftState.Held:
                allowed.Add(now >= tracked.LatestExpiry ? "Expired" : "Held");
                break;
            case LeftState.Confirmed:
                allowed.Add(paid);
                break;
            case LeftState.Released:
                allowed.Add("Released");
                break;
            case LeftState.Expired:
                allowed.Add("Expired");
                break;
        }

        if (tracked.UnansweredTransition is { } transition)
        {
            allowed.Add(transition == LeftState.Confirmed ? paid : "Released");
        }

        return allowed;
    }

    /// <summary>Units per SKU, whichever stores they come from (re-optimisation may move a paid order's source).</summary>
    public static IReadOnlyDictionary<string, int> UnitsPerSku(IEnumerable<ReservationLineReply> lines) =>
        lines.GroupBy(line => line.Sku, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Sum(line => line.Quantity), StringComparer.Ordinal);

    public static bool SameUnits(IEnumerable<ReservationLineReply> expected, IEnumerable<ReservationLineReply> actual)
    {
        var left = UnitsPerSku(expected);
        var right = UnitsPerSku(actual);
        return left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var units) && units == pair.Value);
    }
}
