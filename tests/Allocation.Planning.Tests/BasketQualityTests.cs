using Allocation.Planning.Model;
using Allocation.Verification;

namespace Allocation.Planning.Tests;

/// <summary>Baskets (orders of several units): which sources they may look at, which go first, and split limits.</summary>
public class BasketQualityTests
{
    /// <summary>Batch plans that only the flow and its repair make: CP-SAT would find the optimum on its own.</summary>
    private static readonly PlanningLimits WithoutCpSat = PlanningLimits.Default with { ExactSolveOrdersMax = 0 };

    [Fact]
    public void PlanOnline_SecondSkuOnlyBeyondTheCheapestHolders_AllocatesTheBasket()
    {
        // S002..S012 hold A, in cost order from S001; B is only at S012, past the 8 cheapest holders of A.
        var network = TestNetworks.SmallCity(12);
        var stock = Enumerable.Range(2, 11).Select(index => ("A", $"S{index:000}", 1)).Append(("B", "S012", 1)).ToArray();
        var request = new PlanningRequest(network, TestNetworks.Stock(stock), [TestNetworks.Order("O1", "S001", ("A", 1), ("B", 1))], TestNetworks.Now);

        var plan = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        PlannerInvariantTests.AssertClean(request, plan);
        var order = Assert.Single(plan.Orders);
        Assert.Equal(OrderStatus.Allocated, order.Status);
        Assert.Contains(order.Lines.Single(line => line.Sku == "B").Sources, source => source.LocationId == "S012");
    }

    [Fact]
    public void PlanBatch_LargeBasketMostUrgent_TwoSmallBasketsAreFilledInstead()
    {
        var network = TestNetworks.SmallCity(3);
        var stock = TestNetworks.Stock(("A", "S001", 2), ("B", "S001", 2));
        var large = TestNetworks.Order("LARGE", "S001", ("A", 2), ("B", 1)) with { PaidAt = TestNetworks.Now.AddHours(-3) };
        var orders = new[] { large, TestNetworks.Order("SMALL1", "S001", ("A", 1), ("B", 1)), TestNetworks.Order("SMALL2", "S001", ("A", 1), ("B", 1)) };
        var request = new PlanningRequest(network, stock, orders, TestNetworks.Now, WithoutCpSat);

        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        PlannerInvariantTests.AssertClean(request, plan);
        Assert.Equal(2, plan.AllocatedCount);
        Assert.Equal(OrderStatus.OutOfStock, plan.Orders[0].Status);
    }

    [Theory]
    [InlineData(21, 0)]
    [InlineData(22, 1)]
    [InlineData(23, 2)]
    public void PlanBatch_MultiLineWithSplitLimit_StaysValidAndWithinTheLimit(int seed, int splitsMax)
    {
        var request = PlannerInvariantTests.RandomRequest(seed, 0.9, multiLine: true, orderCount: 300) with
        {
            Limits = WithoutCpSat with { SplitsPerOrderMax = splitsMax },
        };

        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);
        var online = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        PlannerInvariantTests.AssertClean(request, plan);
        PlannerInvariantTests.AssertClean(request, online);
        Assert.All(plan.Orders.Concat(online.Orders), order => Assert.InRange(order.Splits, 0, splitsMax));
    }

    [Fact]
    public void PlanBatch_MultiLineStockShort_FillsAtLeastAsManyAsOnline()
    {
        var request = PlannerInvariantTests.RandomRequest(24, 1.0, multiLine: true, orderCount: 400) with { Limits = WithoutCpSat };

        var batch = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);
        var online = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        PlannerInvariantTests.AssertClean(request, batch);
        Assert.True(batch.AllocatedCount >= online.AllocatedCount, $"batch {batch.AllocatedCount}, online {online.AllocatedCount}");
    }
}
