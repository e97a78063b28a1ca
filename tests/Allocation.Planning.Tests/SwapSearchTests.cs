using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;

namespace Allocation.Planning.Tests;

public class SwapSearchTests
{
    [Fact]
    public void Run_DearOrderHoldsTheUnitACheaperWaitingOrderWants_CheaperOrderServedAtEqualFill()
    {
        // One unit at S001. Collected at S002 it travels by courier; collected at S001 it does not: serving the second
        // order instead of the first fills as many orders for less.
        var transfer = TestNetworks.Order("TRANSFER", "S002", ("A", 1));
        var local = TestNetworks.Order("LOCAL", "S001", ("A", 1));
        var (context, movable, request) = Prepare([transfer, local], ("A", "S001", 1));
        var decisions = new Decision?[movable.Count];
        OrderSearch.Decide(context, movable[0], decisions);
        var before = decisions[0]!.CostCents;

        SwapSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 1_000), long.MaxValue);

        Assert.Null(decisions[0]);
        Assert.True(decisions[1]!.CostCents < before, $"{decisions[1]!.CostCents} < {before}");
        Assert.Equal(0, context.Stock(0, 0));
        Assert.Equal(OrderStatus.Allocated, AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock).Orders[1].Status);
    }

    [Fact]
    public void Run_WaitingOrderCostsMore_NothingChanges()
    {
        var local = TestNetworks.Order("LOCAL", "S001", ("A", 1));
        var transfer = TestNetworks.Order("TRANSFER", "S002", ("A", 1));
        var (context, movable, _) = Prepare([local, transfer], ("A", "S001", 1));
        var decisions = new Decision?[movable.Count];
        OrderSearch.Decide(context, movable[0], decisions);
        var before = decisions[0];

        SwapSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 1_000), long.MaxValue);

        Assert.Same(before, decisions[0]);
        Assert.Null(decisions[1]);
    }

    [Theory]
    [InlineData(81, 1.0, false)]
    [InlineData(82, 0.8, true)]
    [InlineData(83, 2.0, false)]
    public void Run_AfterSequentialPlan_NeverFewerOrdersOrDearer(int seed, double stockFactor, bool multiLine)
    {
        var request = PlannerInvariantTests.RandomRequest(seed, stockFactor, multiLine, orderCount: 400, picksPerHour: 2);
        var network = CompiledNetwork.TryGet(request.Network, out _)!;
        var context = new PlanContext(network, request, PlanningLimits.Default, PlanningCosts.Default);
        var movable = OrderPreparation.Prepare(context, request).Where(order => order.IsMovable).ToList();
        var decisions = new Decision?[request.Orders.Count];
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = (Filled: decisions.Count(decision => decision is not null), Cents: decisions.Sum(decision => decision?.CostCents ?? 0));

        SwapSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 1_000), long.MaxValue);

        var after = (Filled: decisions.Count(decision => decision is not null), Cents: decisions.Sum(decision => decision?.CostCents ?? 0));
        Assert.True(after.Filled >= before.Filled && (after.Filled > before.Filled || after.Cents <= before.Cents), $"before {before}, after {after}");
        var fresh = new PlanContext(network, request, PlanningLimits.Default, PlanningCosts.Default);
        foreach (var order in movable.Where(order => decisions[order.Index] is not null))
        {
            fresh.Commit(order, decisions[order.Index]!);
        }

        Assert.All(movable.SelectMany(order => (decisions[order.Index]?.Sources ?? []).Select(source => (order, source))), pick =>
        {
            Assert.True(fresh.Capacity(pick.source.Location, pick.source.Bucket) >= 0);
            Assert.All(pick.order.Skus, sku => Assert.True(fresh.Stock(sku, pick.source.Location) >= 0));
            Assert.True(pick.source.ReadyMinute <= pick.order.DeadlineMinute);
        });
    }

    private static (PlanContext Context, List<PreparedOrder> Movable, PlanningRequest Request) Prepare(Order[] orders, params (string Sku, string Location, int Units)[] stock)
    {
        var request = new PlanningRequest(TestNetworks.SmallCity(2), TestNetworks.Stock(stock), orders, TestNetworks.Now);
        var network = CompiledNetwork.TryGet(request.Network, out _)!;
        var context = new PlanContext(network, request, PlanningLimits.Default, PlanningCosts.Default);
        return (context, OrderPreparation.Prepare(context, request).Where(order => order.IsMovable).ToList(), request);
    }
}
