using Allocation.Planning.Common;
using Allocation.Planning.Model;

namespace Allocation.Planning.Solver;

/// <summary>Turns request orders into <see cref="PreparedOrder"/>s, marking bad ones invalid with a reason instead of throwing.</summary>
internal static class OrderPreparation
{
    public static PreparedOrder[] Prepare(PlanContext context, PlanningRequest request)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var prepared = new PreparedOrder[request.Orders.Count];
        for (var index = 0; index < prepared.Length; index++)
        {
            var order = request.Orders[index];
            var reason = Check(context, order, seen);
            prepared[index] = reason is not null
                ? new PreparedOrder { Index = index, Order = order ?? new Order(string.Empty, string.Empty, [], request.Now), InvalidReason = reason }
                : Build(context, order!, index, request.Seed);
        }

        return prepared;
    }

    /// <summary>Movable valid orders, most urgent first (deadline, payment time, seeded tie-break).</summary>
    public static List<PreparedOrder> ByUrgency(IEnumerable<PreparedOrder> orders) =>
        orders.OrderBy(order => order.DeadlineMinute).ThenBy(order => order.Order.PaidAt).ThenBy(order => order.TieBreak).ThenBy(order => order.Index).ToList();

    private static PreparedOrder Build(PlanContext context, Order order, int index, int seed)
    {
        var quantityBySku = new Dictionary<int, int>();
        foreach (var line in order.Lines)
        {
            var sku = context.SkuIndex[line.Sku];
            quantityBySku[sku] = quantityBySku.GetValueOrDefault(sku) + line.Quantity;
        }

        var release = Math.Max(context.NowMinute, TimeMath.ToMinutesCeiling(order.PaidAt));
        var releaseBucket = context.BucketOf(release);
        return new PreparedOrder
        {
            Index = index,
            Order = order,
            Pickup = context.Network.IndexById[order.PickupLocationId],
            Skus = [.. quantityBySku.Keys],
            Quantities = [.. quantityBySku.Values],
            TotalUnits = quantityBySku.Values.Sum(),
            ReleaseMinute = release,

            // A pick may not start before payment: when paid mid-hour in the future, the next bucket is the first usable one.
            ReleaseBucket = release > context.NowMinute && release % 60 != 0 ? releaseBucket + 1 : releaseBucket,
            DeadlineMinute = TimeMath.ToMinutes(order.PaidAt) + context.Limits.ReadinessWindowMinutes,
            TieBreak = Mix((ulong)(uint)seed, order.Id),
        };
    }

    private static string? Check(PlanContext context, Order? order, HashSet<string> seen)
    {
        if (order is null)
        {
            return "order is missing";
        }

        if (string.IsNullOrWhiteSpace(order.Id))
        {
            return "id must not be empty";
        }

        if (!seen.Add(order.Id))
        {
            return $"duplicate order id '{order.Id}'";
        }

        if (order.PickupLocationId is null || !context.Network.IndexById.TryGetValue(order.PickupLocationId, out var pickup))
        {
            return $"pickupLocationId: unknown location '{order.PickupLocationId}'";
        }

        if (!context.Network.Locations[pickup].ClickAndCollect)
        {
            return $"pickupLocationId: '{order.PickupLocationId}' does not offer click-and-collect";
        }

        if (order.Lines is null || order.Lines.Count == 0)
        {
            return "lines: an order needs at least one line";
        }

        if (order.Lines.Count > context.Limits.LinesPerOrderMax)
        {
            return $"lines: {order.Lines.Count} lines exceed the maximum of {context.Limits.LinesPerOrderMax}";
        }

        for (var index = 0; index < order.Lines.Count; index++)
        {
            var line = order.Lines[index];
            if (line is null || string.IsNullOrWhiteSpace(line.Sku))
            {
                return $"lines[{index}].sku: must not be empty";
            }

            if (line.Quantity <= 0 || line.Quantity > context.Limits.QuantityPerLineMax)
            {
                return $"lines[{index}].quantity: {line.Quantity} is not within 1..{context.Limits.QuantityPerLineMax}";
            }
        }

        var paid = TimeMath.ToMinutes(order.PaidAt);
        if (paid > context.NowMinute + context.Limits.ReadinessWindowMinutes)
        {
            return $"paidAt: {order.PaidAt:O} is more than the readiness window after now";
        }

        return order.PinnedLines is null ? null : PinnedCheck(context, order);
    }

    private static string? PinnedCheck(PlanContext context, Order order)
    {
        if (order.PinnedLines!.Count != order.Lines.Count)
        {
            return $"pinnedLines: {order.PinnedLines.Count} entries for {order.Lines.Count} lines";
        }

        for (var index = 0; index < order.Lines.Count; index++)
        {
            var pinned = order.PinnedLines[index];
            if (pinned?.Sources is null || !string.Equals(pinned.Sku, order.Lines[index].Sku, StringComparison.Ordinal))
            {
                return $"pinnedLines[{index}]: does not match line sku '{order.Lines[index].Sku}'";
            }

            if (pinned.Sources.Any(source => source is null || source.Quantity <= 0 || !context.Network.IndexById.ContainsKey(source.LocationId ?? string.Empty)))
            {
                return $"pinnedLines[{index}].sources: unknown location or non-positive quantity";
            }

            if (pinned.Sources.Sum(source => source.Quantity) != order.Lines[index].Quantity)
            {
                return $"pinnedLines[{index}]: sources add up to {pinned.Sources.Sum(source => source.Quantity)}, line quantity is {order.Lines[index].Quantity}";
            }
        }

        return null;
    }

    // FNV-1a over the id, then a SplitMix64 finaliser with the seed: stable across runs and processes (unlike string.GetHashCode).
    private static ulong Mix(ulong seed, string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var character in id)
        {
            hash = (hash ^ character) * 1099511628211UL;
        }

        hash ^= seed * 0x9E3779B97F4A7C15UL;
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
