using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;

namespace Allocation.Planning.Tests;

public class EjectionSearchTests
{
    [Theory]
    [InlineData(71, 1.0, false)]
    [InlineData(72, 0.8, true)]
    [InlineData(73, 2.0, false)]
    public void Run_AfterSequentialPlan_NeverFewerOrdersOrDearerAtEqualFill(int seed, double stockFactor, bool multiLine)
    {
        var request = PlannerInvariantTests.RandomRequest(seed, stockFactor, multiLine, orderCount: 400, picksPerHour: 2);
        var (context, movable) = Prepare(request);
        var decisions = new Decision?[request.Orders.Count];
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = Score(decisions);

        EjectionSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 1_000), long.MaxValue);

        var after = Score(decisions);
        Assert.True(after.Filled > before.Filled || (after.Filled == before.Filled && after.CostCents <= before.CostCents), $"before {before}, after {after}");
        AssertFeasible(request, movable, decisions);
    }

    internal static (PlanContext Context, List<PreparedOrder> Movable) Prepare(PlanningRequest request)
    {
        var network = CompiledNetwork.TryGet(request.Network, out _)!;
        var context = new PlanContext(network, request, PlanningLimits.Default, PlanningCosts.Default);
        return (context, OrderPreparation.Prepare(context, request).Where(order => order.IsMovable).ToList());
    }

    internal static (int Filled, long CostCents) Score(Decision?[] decisions) =>
        (decisions.Count(decision => decision is not null), decisions.Sum(decision => decision?.CostCents ?? 0));

    // Charging every decision to a fresh context must leave no stock or pick capacity below zero, and every pick must
    // make the order's readiness deadline.
    internal static void AssertFeasible(PlanningRequest request, List<PreparedOrder> movable, Decision?[] decisions)
    {
        var (fresh, _) = Prepare(request);
        foreach (var order in movable)
        {
            if (decisions[order.Index] is { } decision)
            {
                fresh.Commit(order, decision);
                Assert.All(decision.Sources, source => Assert.True(source.ReadyMinute <= order.DeadlineMinute));
            }
        }

        foreach (var order in movable)
        {
            foreach (var source in decisions[order.Index]?.Sources ?? [])
            {
                Assert.True(fresh.Capacity(source.Location, source.Bucket) >= 0, $"capacity below zero at {source.Location}/{source.Bucket}");
                Assert.All(order.Skus, sku => Assert.True(fresh.Stock(sku, source.Location) >= 0));
            }
        }
    }
}
