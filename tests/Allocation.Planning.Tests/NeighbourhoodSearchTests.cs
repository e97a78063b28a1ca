using Allocation.Planning.Model;
using Allocation.Planning.Solver;
using System.Diagnostics;

namespace Allocation.Planning.Tests;

/// <summary>CP-SAT over basket neighbourhoods: joint moves no single order would make, and nothing worse or infeasible.</summary>
public class NeighbourhoodSearchTests
{
    [Fact]
    public void Run_SingleTookTheBasketsLocalUnit_BasketReunitedAtOneSource()
    {
        // The single-unit order took S001's only A first; the basket then split A (S002) and B (S001). Each is at its best
        // given the other, but jointly the basket at S001 alone and the single at S002 save the split penalty and one pick.
        var network = TestNetworks.SmallCity(2);
        var stock = TestNetworks.Stock(("A", "S001", 1), ("B", "S001", 1), ("A", "S002", 1));
        var orders = new[] { TestNetworks.Order("SINGLE", "S001", ("A", 1)), TestNetworks.Order("BASKET", "S001", ("A", 1), ("B", 1)) };
        var request = new PlanningRequest(network, stock, orders, TestNetworks.Now);
        var (context, movable) = EjectionSearchTests.Prepare(request);
        Assert.True(context.TryBeginDeadlineScheduling(movable));
        var decisions = new Decision?[orders.Length];
        foreach (var order in movable)
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = EjectionSearchTests.Score(decisions);

        var improved = NeighbourhoodSearch.Run(context, movable, decisions, Stopwatch.StartNew(), 10_000);

        var after = EjectionSearchTests.Score(decisions);
        Assert.Equal(1, improved);
        Assert.Equal((2, before.CostCents - context.SplitPenaltyCents - context.HandlingPickCents), after);
        Assert.Equal([0], decisions[1]!.Sources.Select(source => source.Location));
        EjectionSearchTests.AssertFeasible(request, movable, decisions);
    }

    [Theory]
    [InlineData(81, 1.0)]
    [InlineData(82, 0.8)]
    public void Run_AfterSequentialPlan_NeverFewerOrdersOrDearerAndFeasible(int seed, double stockFactor)
    {
        var request = PlannerInvariantTests.RandomRequest(seed, stockFactor, multiLine: true, orderCount: 300, picksPerHour: 2);
        var (context, movable) = EjectionSearchTests.Prepare(request);
        Assert.True(context.TryBeginDeadlineScheduling(movable));
        var decisions = new Decision?[request.Orders.Count];
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = EjectionSearchTests.Score(decisions);

        NeighbourhoodSearch.Run(context, movable, decisions, Stopwatch.StartNew(), 2_000);

        var after = EjectionSearchTests.Score(decisions);
        Assert.True(after.Filled > before.Filled || (after.Filled == before.Filled && after.CostCents <= before.CostCents), $"before {before}, after {after}");
        DeadlineSchedule.Assign(context, movable, decisions);
        EjectionSearchTests.AssertFeasible(request, movable, decisions);
    }
}
