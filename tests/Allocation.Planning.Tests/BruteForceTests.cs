using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;
using Allocation.Verification;

namespace Allocation.Planning.Tests;

/// <summary>
/// Small instances solved by enumerating every allocation of every order (including leaving it out) and checking stock,
/// split limit and hourly capacity (earliest-deadline-first is exact for picks that may all start now). The time model
/// (which hours can still make the window) comes from the solver's compiled network; PlanChecker verifies it separately.
/// </summary>
public class BruteForceTests
{
    private const int EnumeratedPlansMax = 2_000_000;

    [Fact]
    public void PlanBatch_SmallInstances_MatchesBruteForceOptimum()
    {
        var compared = 0;
        for (var seed = 1; compared < 25 && seed < 200; seed++)
        {
            var request = SmallRequest(seed);
            var optimum = BruteForce(request);
            if (optimum is null)
            {
                continue; // too many combinations to enumerate quickly
            }

            var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

            PlannerInvariantTests.AssertCleanOrEmpty(request, plan);
            Assert.True((optimum.Value.Allocated, optimum.Value.CostCents) == (plan.AllocatedCount, Money.ToCents(plan.TotalCost)),
                $"seed {seed}: brute force {optimum.Value.Allocated} orders for {optimum.Value.CostCents} cents, planner {plan.AllocatedCount} for {Money.ToCents(plan.TotalCost)} ({plan.Engine})");
            compared++;
        }

        Assert.True(compared >= 25, $"only {compared} instances were small enough");
    }

    [Fact]
    public void RelaxedOptimum_SmallInstances_NotAboveBruteForceOptimum()
    {
        var compared = 0;
        for (var seed = 1; compared < 25 && seed < 200; seed++)
        {
            var request = SmallRequest(seed);
            var optimum = BruteForce(request);
            if (optimum is null)
            {
                continue;
            }

            using var relaxation = RelaxedOptimum.Compute(request);
            var maxFill = relaxation.MaxFill();
            var bound = relaxation.AtFill(optimum.Value.Allocated);

            Assert.True(maxFill >= optimum.Value.Allocated - 1e-6, $"seed {seed}: relaxed max fill {maxFill} < brute force {optimum.Value.Allocated}");
            Assert.NotNull(bound);
            Assert.True(Money.ToCents(bound.Cost) <= optimum.Value.CostCents, $"seed {seed}: bound {bound.Cost} above brute force {optimum.Value.CostCents} cents");
            compared++;
        }

        Assert.True(compared >= 25, $"only {compared} instances were small enough");
    }

    internal static PlanningRequest SmallRequest(int seed)
    {
        var random = new Random(seed);
        var storeCount = 3 + random.Next(3);
        var network = TestNetworks.SmallCity(storeCount, picksPerHour: 1);
        var skus = new[] { "A", "B", "C" };
        var stock = new List<StockLevel>();
        foreach (var sku in skus)
        {
            foreach (var store in network.Locations)
            {
                var units = random.Next(3) - 1;
                if (units > 0)
                {
                    stock.Add(new StockLevel(sku, store.Id, units));
                }
            }
        }

        var orders = Enumerable.Range(1, 3 + random.Next(4)).Select(index =>
        {
            var lines = skus.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).Select(sku => new OrderLine(sku, 1 + random.Next(2))).ToList();
            var pickup = network.Locations[random.Next(storeCount)].Id;
            return new Order($"O{index}", pickup, lines, TestNetworks.Now.AddMinutes(-random.Next(60)));
        }).ToList();
        var limits = PlanningLimits.Default with { SplitsPerOrderMax = random.Next(2), ReadinessWindowMinutes = 180 };
        return new PlanningRequest(network, new AvailabilitySnapshot(stock, []), orders, TestNetworks.Now, limits, Seed: seed);
    }

    internal static (int Allocated, long CostCents)? BruteForce(PlanningRequest request)
    {
        var network = CompiledNetwork.TryGet(request.Network, out _)!;
        var context = new PlanContext(network, request, request.Limits!, PlanningCosts.Default);
        var orders = OrderPreparation.Prepare(context, request);
        var options = orders.Select(order => Options(context, order)).ToList();
        if (options.Aggregate(1.0, (product, list) => product * (list.Count + 1)) > EnumeratedPlansMax)
        {
            return null;
        }

        (int Allocated, long CostCents) best = (0, 0);
        var chosen = new int[orders.Length];
        void Visit(int position, int allocated, long cost)
        {
            if (position == orders.Length)
            {
                if ((allocated > best.Allocated || (allocated == best.Allocated && cost < best.CostCents)) && CapacityFits(context, orders, options, chosen))
                {
                    best = (allocated, cost);
                }

                return;
            }

            chosen[position] = -1;
            Visit(position + 1, allocated, cost);
            for (var option = 0; option < options[position].Count; option++)
            {
                var sources = options[position][option];
                if (!TryTake(context, orders[position], sources, -1))
                {
                    continue;
                }

                chosen[position] = option;
                Visit(position + 1, allocated + 1, cost + context.CostCents(orders[position], sources));
                TryTake(context, orders[position], sources, +1);
            }
        }

        Visit(0, 0, 0);
        return best;
    }

    // Every split of every requirement over the stores that can make the window, within the split limit.
    private static List<SourceChoice[]> Options(PlanContext context, PreparedOrder order)
    {
        var reachable = Enumerable.Range(0, context.Network.Count).Where(store => context.LatestBucket(order, store, order.DeadlineMinute) >= 0).ToList();
        var results = new List<SourceChoice[]>();
        var units = new int[context.Network.Count, order.Skus.Length];
        void Assign(int requirement, int storeIndex, int remaining)
        {
            if (requirement == order.Skus.Length)
            {
                var used = reachable.Where(store => Enumerable.Range(0, order.Skus.Length).Any(r => units[store, r] > 0)).ToList();
                if (used.Count <= context.Limits.SplitsPerOrderMax + 1)
                {
                    results.Add(used.Select(store => new SourceChoice(store, -1, 0, Enumerable.Range(0, order.Skus.Length).Select(r => units[store, r]).ToArray())).ToArray());
                }

                return;
            }

            if (storeIndex == reachable.Count - 1)
            {
                units[reachable[storeIndex], requirement] = remaining;
                Assign(requirement + 1, 0, requirement + 1 < order.Skus.Length ? order.Quantities[requirement + 1] : 0);
                units[reachable[storeIndex], requirement] = 0;
                return;
            }

            for (var take = 0; take <= remaining; take++)
            {
                units[reachable[storeIndex], requirement] = take;
                Assign(requirement, storeIndex + 1, remaining - take);
            }

            units[reachable[storeIndex], requirement] = 0;
        }

        if (order.InvalidReason is null && reachable.Count > 0)
        {
            Assign(0, 0, order.Quantities[0]);
        }

        return results;
    }

    private static bool TryTake(PlanContext context, PreparedOrder order, SourceChoice[] sources, int sign)
    {
        if (sign < 0 && sources.Any(source => source.Units.Select((units, r) => context.Stock(order.Skus[r], source.Location) < units).Any(short_ => short_)))
        {
            return false;
        }

        foreach (var source in sources)
        {
            for (var r = 0; r < order.Skus.Length; r++)
            {
                context.AddStock(order.Skus[r], source.Location, sign * source.Units[r]);
            }
        }

        return true;
    }

    private static bool CapacityFits(PlanContext context, PreparedOrder[] orders, List<List<SourceChoice[]>> options, int[] chosen)
    {
        var picks = Enumerable.Range(0, orders.Length).Where(position => chosen[position] >= 0)
            .SelectMany(position => options[position][chosen[position]].Select(source => (Store: source.Location, Order: orders[position])));
        foreach (var group in picks.GroupBy(pick => pick.Store))
        {
            var used = 0;
            foreach (var latest in group.Select(pick => context.LatestBucket(pick.Order, group.Key, pick.Order.DeadlineMinute)).Order())
            {
                used++;
                var available = Enumerable.Range(0, latest + 1).Where(bucket => context.PickDone(group.Key, bucket) >= 0).Sum(bucket => Math.Max(0, context.Capacity(group.Key, bucket)));
                if (used > available)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
