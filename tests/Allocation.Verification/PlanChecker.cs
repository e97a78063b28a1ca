using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Verification;

/// <summary>
/// Independent verification of a plan against the request, written without the solver's compiled tables: opening hours
/// and departures are recomputed minute by minute with <see cref="TimeZoneInfo"/>. Used by tests and the benchmark.
/// </summary>
internal static class PlanChecker
{
    public sealed record Report(int StockViolations, int CapacityViolations, int WindowViolations, int SplitViolations, int ShapeViolations, IReadOnlyList<string> Messages)
    {
        public bool IsClean => StockViolations + CapacityViolations + WindowViolations + SplitViolations + ShapeViolations == 0;
    }

    public static Report Check(PlanningRequest request, AllocationPlan plan)
    {
        var limits = request.Limits ?? PlanningLimits.Default;
        var messages = new List<string>();
        int stock = 0, capacity = 0, window = 0, splits = 0, shape = 0;
        var locations = request.Network.Locations.ToDictionary(location => location.Id, StringComparer.Ordinal);
        var used = new Dictionary<(string Sku, string Location), int>();
        var picks = new Dictionary<(string Location, DateTimeOffset Bucket), int>();
        if (plan.Orders.Count != request.Orders.Count)
        {
            return new Report(0, 0, 0, 0, 1, ["plan has a different number of orders than the request"]);
        }

        for (var index = 0; index < plan.Orders.Count; index++)
        {
            var order = request.Orders[index];
            var result = plan.Orders[index];
            if (result.OrderId != order.Id || result.Status != OrderStatus.Allocated)
            {
                shape += result.OrderId != order.Id ? Fail(messages, $"{order.Id}: plan order id {result.OrderId}") : 0;
                continue;
            }

            if (result.Lines.Count != order.Lines.Count || result.Lines.Where((line, at) => line.Sku != order.Lines[at].Sku || line.Sources.Sum(source => source.Quantity) != order.Lines[at].Quantity || line.Sources.Any(source => source.Quantity <= 0)).Any())
            {
                shape += Fail(messages, $"{order.Id}: lines do not match the order");
                continue;
            }

            var sources = result.Lines.SelectMany(line => line.Sources).ToList();
            if (sources.Select(source => source.LocationId).Distinct(StringComparer.Ordinal).Count() > limits.SplitsPerOrderMax + 1)
            {
                splits += Fail(messages, $"{order.Id}: {result.Splits} splits exceed {limits.SplitsPerOrderMax}");
            }

            if (result.ReadyBy != sources.Max(source => source.ReadyAt))
            {
                shape += Fail(messages, $"{order.Id}: readyBy is not the latest source ready time");
            }

            foreach (var line in result.Lines)
            {
                foreach (var source in line.Sources)
                {
                    used[(line.Sku, source.LocationId)] = used.GetValueOrDefault((line.Sku, source.LocationId)) + source.Quantity;
                }
            }

            foreach (var group in sources.GroupBy(source => source.LocationId, StringComparer.Ordinal))
            {
                if (group.Select(source => source.PickBucketStart).Distinct().Count() != 1)
                {
                    shape += Fail(messages, $"{order.Id}: several pick hours at {group.Key}");
                }

                var bucket = group.First().PickBucketStart;
                var pinned = order.PinnedLines is not null;
                if (!pinned)
                {
                    picks[(group.Key, bucket)] = picks.GetValueOrDefault((group.Key, bucket)) + 1;
                    var earliestReady = EarliestReady(request, locations, group.Key, order.PickupLocationId, bucket);
                    if (earliestReady is null || group.Any(source => source.ReadyAt < earliestReady))
                    {
                        shape += Fail(messages, $"{order.Id}: promised ready time at {group.Key} is earlier than physically possible ({earliestReady:u})");
                    }
                }

                if (!pinned && group.Max(source => source.ReadyAt) > order.PaidAt.AddMinutes(limits.ReadinessWindowMinutes))
                {
                    window += Fail(messages, $"{order.Id}: ready {group.Max(source => source.ReadyAt):u} after the window ends {order.PaidAt.AddMinutes(limits.ReadinessWindowMinutes):u}");
                }
            }
        }

        var available = request.Availability.Stock.GroupBy(level => (level.Sku, level.LocationId)).ToDictionary(group => group.Key, group => group.Sum(level => level.Units));
        foreach (var ((sku, location), units) in used)
        {
            if (units > available.GetValueOrDefault((sku, location)))
            {
                stock += Fail(messages, $"stock: {units} units of {sku} at {location}, {available.GetValueOrDefault((sku, location))} available");
            }
        }

        var booked = request.Availability.CapacityUsed.GroupBy(usage => (usage.LocationId, usage.BucketStart)).ToDictionary(group => group.Key, group => group.Sum(usage => usage.Picks));
        foreach (var ((location, bucket), count) in picks)
        {
            var limit = BucketCapacity(locations[location], bucket, request.Now) - booked.GetValueOrDefault((location, bucket));
            if (count > limit)
            {
                capacity += Fail(messages, $"capacity: {count} picks at {location} in hour {bucket:u}, {limit} allowed");
            }
        }

        return new Report(stock, capacity, window, splits, shape, messages);
    }

    private static int Fail(List<string> messages, string message)
    {
        if (messages.Count < 50)
        {
            messages.Add(message);
        }

        return 1;
    }

    private static bool IsOpen(Location location, DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(location.TimeZoneId));
        var minute = (local.Hour * 60) + local.Minute;
        return location.OpeningHours.Any(period => period.Day == local.DayOfWeek && period.OpensMinute <= minute && minute < period.ClosesMinute);
    }

    private static int BucketCapacity(Location location, DateTimeOffset bucket, DateTimeOffset now)
    {
        if (bucket.Minute != 0 || bucket.Second != 0 || bucket.AddHours(1) <= now)
        {
            return 0;
        }

        var openMinutes = Enumerable.Range(0, 60).Count(minute => bucket.AddMinutes(minute) >= now.AddSeconds(-59) && IsOpen(location, bucket.AddMinutes(minute)));
        return location.PickCapacityPerHour * openMinutes / 60;
    }

    private static DateTimeOffset? EarliestReady(PlanningRequest request, Dictionary<string, Location> locations, string sourceId, string pickupId, DateTimeOffset bucket)
    {
        var source = locations[sourceId];
        var lastOpen = Enumerable.Range(0, 60).Select(minute => bucket.AddMinutes(59 - minute)).FirstOrDefault(instant => IsOpen(source, instant));
        if (lastOpen == default)
        {
            return null;
        }

        var pickDone = lastOpen.AddMinutes(1);
        if (sourceId == pickupId)
        {
            return pickDone;
        }

        var lane = request.Network.Lanes.FirstOrDefault(lane => lane.FromId == sourceId && lane.ToId == pickupId) ?? LaneDerivation.Derive(source, locations[pickupId]);
        var departure = pickDone;
        if (lane.Departures.Count > 0)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(source.TimeZoneId);
            departure = Enumerable.Range(0, 2 * 24 * 60).Select(minute => pickDone.AddMinutes(minute))
                .First(instant => lane.Departures.Contains(TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay)));
        }

        var arrival = departure.AddMinutes(lane.LeadTimeMinutes);
        var pickup = locations[pickupId];
        for (var minute = 0; minute < 8 * 24 * 60; minute++)
        {
            if (IsOpen(pickup, arrival.AddMinutes(minute)))
            {
                return arrival.AddMinutes(minute);
            }
        }

        return null;
    }
}
