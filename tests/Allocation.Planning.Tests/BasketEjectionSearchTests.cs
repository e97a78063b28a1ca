using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;

namespace Allocation.Planning.Tests;

public class BasketEjectionSearchTests
{
    [Theory]
    [InlineData(81, 1.0)]
    [InlineData(82, 0.8)]
    [InlineData(83, 1.2)]
    public void Run_AfterSequentialPlan_NeverFewerOrdersAndStaysFeasible(int seed, double stockFactor)
    {
        var request = PlannerInvariantTests.RandomRequest(seed, stockFactor, multiLine: true, orderCount: 400, picksPerHour: 2);
        var (context, movable) = EjectionSearchTests.Prepare(request);
        var decisions = new Decision?[request.Orders.Count];
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = EjectionSearchTests.Score(decisions);

        var added = BasketEjectionSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 1_000), long.MaxValue);

        Assert.Equal(before.Filled + added, EjectionSearchTests.Score(decisions).Filled);
        EjectionSearchTests.AssertFeasible(request, movable, decisions);
    }

    [Fact]
    public void Run_TwoOrdersEachHoldingOneLineOfTheBasket_BothMoveAndTheBasketIsFilled()
    {
        // One source per order: the basket needs A and X together, which only S001 has, and two orders hold them there;
        // each has another store to go to, but no single one of them frees both lines.
        var stock = TestNetworks.Stock(("A", "S001", 1), ("A", "S002", 1), ("X", "S001", 1), ("X", "S003", 1));
        var orders = new[]
        {
            TestNetworks.Order("TAKES-A", "S001", ("A", 1)),
            TestNetworks.Order("TAKES-X", "S001", ("X", 1)),
            TestNetworks.Order("BASKET", "S001", ("A", 1), ("X", 1)),
        };
        var limits = PlanningLimits.Default with { SplitsPerOrderMax = 0 };
        var request = new PlanningRequest(TestNetworks.SmallCity(3), stock, orders, TestNetworks.Now, limits);
        var context = new PlanContext(CompiledNetwork.TryGet(request.Network, out _)!, request, limits, PlanningCosts.Default);
        var movable = OrderPreparation.Prepare(context, request).ToList();
        var decisions = new Decision?[orders.Length];
        movable.ForEach(order => OrderSearch.Decide(context, order, decisions));
        Assert.Null(decisions[2]);

        var added = BasketEjectionSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 1_000), long.MaxValue);

        Assert.Equal(1, added);
        Assert.All(decisions, decision => Assert.NotNull(decision));
        Assert.Equal("S001", request.Network.Locations[decisions[2]!.Sources.Single().Location].Id);
    }
}
