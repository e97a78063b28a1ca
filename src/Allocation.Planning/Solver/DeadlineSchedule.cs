using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Planning.Solver;

/// <summary>
/// Ends deadline scheduling (<see cref="PlanContext.DeadlineScheduling"/>): at each location the picks, recorded at the
/// latest bucket their order can use, are given real hours earliest deadline first, each in the earliest hour with a free
/// pick. The prefix sums that admitted them guarantee every pick an hour no later than its latest one; urgent picks go
/// first and every pick is as early as the others allow, so ready times are as early as the plan permits.
/// </summary>
internal static class DeadlineSchedule
{
    public static void Assign(PlanContext context, IEnumerable<PreparedOrder> movable, Decision?[] decisions)
    {
        if (!context.DeadlineScheduling)
        {
            throw new InvalidOperationException("deadline scheduling is not active");
        }

        var picksByLocation = new Dictionary<int, List<(PreparedOrder Order, int Choice)>>();
        foreach (var order in movable)
        {
            var sources = decisions[order.Index]?.Sources ?? [];
            for (var choice = 0; choice < sources.Length; choice++)
            {
                var location = sources[choice].Location;
                var picks = picksByLocation.TryGetValue(location, out var existing) ? existing : picksByLocation[location] = [];
                picks.Add((order, choice));
            }
        }

        foreach (var (location, picks) in picksByLocation)
        {
            AssignAtLocation(context, location, picks, decisions);
        }

        context.EndDeadlineScheduling();
    }

    private static void AssignAtLocation(PlanContext context, int location, List<(PreparedOrder Order, int Choice)> picks, Decision?[] decisions)
    {
        var byLatest = picks
            .OrderBy(pick => decisions[pick.Order.Index]!.Sources[pick.Choice].Bucket)
            .ThenBy(pick => pick.Order.DeadlineMinute).ThenBy(pick => pick.Order.TieBreak).ThenBy(pick => pick.Order.Index)
            .ToList();

        // Give every pick back first, so the residual per hour is what the fixed (pinned, booked) picks leave.
        foreach (var (order, choice) in byLatest)
        {
            context.AddCapacity(location, decisions[order.Index]!.Sources[choice].Bucket, +1);
        }

        var bucket = 0;
        foreach (var (order, choice) in byLatest)
        {
            var decision = decisions[order.Index]!;
            var latest = decision.Sources[choice].Bucket;
            while (bucket <= latest && context.Capacity(location, bucket) <= 0)
            {
                bucket++;
            }

            if (bucket > latest)
            {
                throw new InvalidOperationException($"pick of order {order.Order.Id} at location {location} admitted by prefix sums finds no hour by bucket {latest}");
            }

            context.AddCapacity(location, bucket, -1);
            var sources = (SourceChoice[])decision.Sources.Clone();
            sources[choice] = sources[choice] with { Bucket = bucket, ReadyMinute = context.Ready(location, order.Pickup, bucket) };
            decisions[order.Index] = decision with { Sources = sources };
        }
    }
}
