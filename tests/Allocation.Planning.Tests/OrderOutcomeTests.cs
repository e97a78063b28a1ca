using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Planning.Tests;

public class OrderOutcomeTests
{
    private static readonly StoreNetwork City = TestNetworks.SmallCity(3, withFarStore: true);

    [Theory]
    [InlineData("S999", "A", 1, "pickupLocationId: unknown location 'S999'")]
    [InlineData("S001", "A", 0, "lines[0].quantity: 0 is not within")]
    [InlineData("S001", "A", -2, "lines[0].quantity: -2 is not within")]
    [InlineData("S001", "", 1, "lines[0].sku: must not be empty")]
    public void Plan_BadOrder_InvalidWithReason(string pickup, string sku, int quantity, string reason)
    {
        var request = new PlanningRequest(City, TestNetworks.Stock(("A", "S001", 5)), [TestNetworks.Order("O1", pickup, (sku, quantity))], TestNetworks.Now);

        foreach (var plan in new[] { AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock), AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock) })
        {
            Assert.Equal(OrderStatus.Invalid, plan.Orders[0].Status);
            Assert.Contains(reason, plan.Orders[0].Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Plan_DistributionCentreAsPickup_Invalid()
    {
        var centre = new Location("DC01", "Shanghai", 31.1, 121.3, LocationKind.DistributionCentre, false, TestNetworks.Daily(0, 24), 100, "Asia/Shanghai");
        var network = City with { Locations = [.. City.Locations, centre] };

        var plan = AllocationPlanner.PlanOnline(new PlanningRequest(network, TestNetworks.Stock(("A", "DC01", 5)), [TestNetworks.Order("O1", "DC01", ("A", 1))], TestNetworks.Now), TestNetworks.FrozenClock);

        Assert.Equal(OrderStatus.Invalid, plan.Orders[0].Status);
        Assert.Contains("does not offer click-and-collect", plan.Orders[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NoLinesOrNullLinesOrDuplicateId_Invalid()
    {
        var orders = new[]
        {
            new Order("O1", "S001", [], TestNetworks.Now),
            new Order("O2", "S001", null!, TestNetworks.Now),
            TestNetworks.Order("O3", "S001", ("A", 1)),
            TestNetworks.Order("O3", "S001", ("A", 1)),
        };

        var plan = AllocationPlanner.PlanBatch(new PlanningRequest(City, TestNetworks.Stock(("A", "S001", 5)), orders, TestNetworks.Now), TestNetworks.FrozenClock);

        Assert.Equal([OrderStatus.Invalid, OrderStatus.Invalid, OrderStatus.Allocated, OrderStatus.Invalid], plan.Orders.Select(order => order.Status));
        Assert.Contains("duplicate order id 'O3'", plan.Orders[3].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NoStockAnywhere_OutOfStock()
    {
        var plan = AllocationPlanner.PlanOnline(new PlanningRequest(City, TestNetworks.Stock(("A", "S002", 1)), [TestNetworks.Order("O1", "S001", ("A", 2))], TestNetworks.Now), TestNetworks.FrozenClock);

        Assert.Equal(OrderStatus.OutOfStock, plan.Orders[0].Status);
        Assert.Contains("1 unit(s) left in the network, 2 needed", plan.Orders[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_StockOnlyTooFarAway_CannotBeReadyInTimeWithEarliestTime()
    {
        var request = new PlanningRequest(City, TestNetworks.Stock(("A", "FAR", 3)), [TestNetworks.Order("O1", "S001", ("A", 1))], TestNetworks.Now);

        foreach (var plan in new[] { AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock), AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock) })
        {
            var result = plan.Orders[0];
            Assert.Equal(OrderStatus.CannotBeReadyInTime, result.Status);
            Assert.NotNull(result.EarliestPossibleReadyAt);
            Assert.True(result.EarliestPossibleReadyAt > TestNetworks.Now.AddHours(24));
            Assert.Empty(result.Lines);
        }
    }

    [Fact]
    public void Plan_WindowAlreadyOver_CannotBeReadyInTime()
    {
        var order = TestNetworks.Order("O1", "S001", ("A", 1)) with { PaidAt = TestNetworks.Now.AddHours(-30) };

        var plan = AllocationPlanner.PlanOnline(new PlanningRequest(City, TestNetworks.Stock(("A", "S001", 3)), [order], TestNetworks.Now), TestNetworks.FrozenClock);

        Assert.Equal(OrderStatus.CannotBeReadyInTime, plan.Orders[0].Status);
    }

    [Fact]
    public void Plan_StockAtPickupAndNeighbour_PicksAtPickupStore()
    {
        var request = new PlanningRequest(City, TestNetworks.Stock(("A", "S001", 1), ("A", "S002", 1)), [TestNetworks.Order("O1", "S002", ("A", 1))], TestNetworks.Now);

        var plan = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        var source = Assert.Single(plan.Orders[0].Lines[0].Sources);
        Assert.Equal("S002", source.LocationId);
        Assert.Equal(0m, plan.Orders[0].Cost.Transfer);
        Assert.Equal(TestNetworks.Now.AddHours(1), plan.Orders[0].ReadyBy);
    }

    [Theory]
    [InlineData(0, OrderStatus.OutOfStock)]
    [InlineData(1, OrderStatus.Allocated)]
    public void Plan_LinesOnlyAvailableInTwoStores_NeedsOneSplit(int splitsMax, OrderStatus expected)
    {
        var request = new PlanningRequest(City, TestNetworks.Stock(("A", "S001", 1), ("B", "S002", 1)), [TestNetworks.Order("O1", "S001", ("A", 1), ("B", 1))], TestNetworks.Now,
            PlanningLimits.Default with { SplitsPerOrderMax = splitsMax });

        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        Assert.Equal(expected, plan.Orders[0].Status);
        if (expected == OrderStatus.Allocated)
        {
            Assert.Equal(1, plan.Orders[0].Splits);
            Assert.Equal(PlanningCosts.Default.SplitPenalty, plan.Orders[0].Cost.SplitPenalty);
        }
    }

    [Fact]
    public void PlanBatch_PinnedOrder_KeptAndItsUnitsNotReused()
    {
        var pick = new SourcePick("S001", 1, TestNetworks.Now.AddHours(-1), TestNetworks.Now);
        var pinned = TestNetworks.Order("P1", "S001", ("A", 1)) with { PinnedLines = [new LineAllocation("A", 1, [pick])] };
        var request = new PlanningRequest(City, TestNetworks.Stock(("A", "S001", 1)), [pinned, TestNetworks.Order("O2", "S001", ("A", 1))], TestNetworks.Now);

        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        Assert.Equal(OrderStatus.Allocated, plan.Orders[0].Status);
        Assert.Same(pinned.PinnedLines, plan.Orders[0].Lines);
        Assert.Equal(OrderStatus.OutOfStock, plan.Orders[1].Status);
    }

    [Fact]
    public void Plan_PinnedLinesNotMatchingOrder_Invalid()
    {
        var pinned = TestNetworks.Order("P1", "S001", ("A", 2)) with { PinnedLines = [new LineAllocation("A", 2, [new SourcePick("S001", 1, TestNetworks.Now, TestNetworks.Now)])] };

        var plan = AllocationPlanner.PlanBatch(new PlanningRequest(City, TestNetworks.Stock(("A", "S001", 5)), [pinned], TestNetworks.Now), TestNetworks.FrozenClock);

        Assert.Equal(OrderStatus.Invalid, plan.Orders[0].Status);
        Assert.Contains("add up to 1", plan.Orders[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_InvalidNetwork_RequestErrorsAndEveryOrderInvalid()
    {
        var broken = City with { Lanes = [new Lane("S001", "S999", 60, 1, 1, [])] };

        var plan = AllocationPlanner.PlanBatch(new PlanningRequest(broken, AvailabilitySnapshot.Empty, [TestNetworks.Order("O1", "S001", ("A", 1))], TestNetworks.Now), TestNetworks.FrozenClock);

        Assert.Contains("network.lanes[0].to: unknown location 'S999'", plan.Errors);
        Assert.Equal(OrderStatus.Invalid, plan.Orders[0].Status);
    }

    [Fact]
    public void Plan_InvalidLimits_RequestErrors()
    {
        var limits = PlanningLimits.Default with { SolveTimeLimitMilliseconds = 0, SplitsPerOrderMax = -1, ReadinessWindowMinutes = 0 };

        var plan = AllocationPlanner.PlanOnline(new PlanningRequest(City, AvailabilitySnapshot.Empty, [TestNetworks.Order("O1", "S001", ("A", 1))], TestNetworks.Now, limits), TestNetworks.FrozenClock);

        Assert.Equal(3, plan.Errors.Count);
        Assert.Contains(plan.Errors, error => error.StartsWith("limits.solveTimeLimitMilliseconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_TooManyOrders_RequestErrors()
    {
        var limits = PlanningLimits.Default with { OrdersMax = 1 };
        var orders = new[] { TestNetworks.Order("O1", "S001", ("A", 1)), TestNetworks.Order("O2", "S001", ("A", 1)) };

        var plan = AllocationPlanner.PlanBatch(new PlanningRequest(City, AvailabilitySnapshot.Empty, orders, TestNetworks.Now, limits), TestNetworks.FrozenClock);

        Assert.Contains("orders: 2 orders exceed limits.ordersMax 1", plan.Errors);
    }

    [Fact]
    public void Plan_NullRequestParts_RequestErrorsNotException()
    {
        var plan = AllocationPlanner.PlanOnline(new PlanningRequest(null!, null!, null!, TestNetworks.Now), TestNetworks.FrozenClock);

        Assert.NotEmpty(plan.Errors);
        Assert.Empty(plan.Orders);
    }

    [Fact]
    public void Plan_CapacityUsedUp_NextOpenHourPromised()
    {
        var network = TestNetworks.SmallCity(1, picksPerHour: 1);
        var usage = new CapacityUsage("S001", TestNetworks.Now, 1);
        var request = new PlanningRequest(network, new AvailabilitySnapshot([new StockLevel("A", "S001", 1)], [usage]), [TestNetworks.Order("O1", "S001", ("A", 1))], TestNetworks.Now);

        var plan = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        Assert.Equal(TestNetworks.Now.AddHours(1), plan.Orders[0].Lines[0].Sources[0].PickBucketStart);
        Assert.Equal(TestNetworks.Now.AddHours(2), plan.Orders[0].ReadyBy);
    }

    [Fact]
    public void Plan_StockOnlyAtDcWithOvernightShuttle_ReadyWhenPickupOpensNextMorning()
    {
        // The DC picks at once, but the shuttle leaves at 18:00 and arrives at 06:00; the store shelves it at opening.
        var dc = new Location("DC1", "Beijing", 39.90, 116.41, LocationKind.DistributionCentre, false, TestNetworks.Daily(0, 24), 300, "Asia/Shanghai");
        var shuttle = new Lane("DC1", "S001", 720, 0.30m, 6.00m, [new TimeOnly(18, 0)]);
        var network = new StoreNetwork([TestNetworks.Store("S001", "Shanghai", 31.2, 121.45), dc], [shuttle]);
        var request = new PlanningRequest(network, TestNetworks.Stock(("A", "DC1", 1)), [TestNetworks.Order("O1", "S001", ("A", 1))], TestNetworks.Now);

        var plan = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        var order = plan.Orders[0];
        Assert.Equal(OrderStatus.Allocated, order.Status);
        Assert.Equal("DC1", order.Lines[0].Sources[0].LocationId);
        Assert.Equal(TestNetworks.Now.AddHours(20), order.ReadyBy); // 14:00 now -> 10:00 next day, Shanghai time
        Assert.True(order.Cost.Transfer > 0, "the shuttle's costs are a cost term of the answer");
    }
}
