using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Verification;
using System.Text.Json;

namespace Allocation.Planning.Tests;

public class PlannerInvariantTests
{
    public static TheoryData<int, double, bool> Instances => new()
    {
        { 1, 2.0, false }, { 2, 1.0, false }, { 3, 0.9, false }, { 4, 0.5, false },
        { 5, 2.0, true }, { 6, 1.0, true }, { 7, 0.7, true },
    };

    [Theory]
    [MemberData(nameof(Instances))]
    public void PlanOnline_RandomInstance_NoViolations(int seed, double stockFactor, bool multiLine)
    {
        var request = RandomRequest(seed, stockFactor, multiLine, orderCount: 400);

        var plan = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        AssertClean(request, plan);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void PlanBatch_RandomInstance_NoViolations(int seed, double stockFactor, bool multiLine)
    {
        var request = RandomRequest(seed, stockFactor, multiLine, orderCount: 400);

        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        AssertClean(request, plan);
        Assert.StartsWith("batch:", plan.Engine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11, true)]
    [InlineData(12, false)]
    public void PlanBatch_SmallRequestSolvedByCpSat_NoViolations(int seed, bool multiLine)
    {
        var request = RandomRequest(seed, 0.8, multiLine, orderCount: 25, storeCount: 12, picksPerHour: 1);

        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        AssertClean(request, plan);
    }

    [Fact]
    public void PlanBatch_TightCapacityAndSplitLimit_NoViolations()
    {
        var request = RandomRequest(21, 1.0, multiLine: true, orderCount: 600, storeCount: 30, picksPerHour: 1) with
        {
            Limits = PlanningLimits.Default with { SplitsPerOrderMax = 0, ExactSolveOrdersMax = 0 },
        };

        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        AssertClean(request, plan);
        Assert.All(plan.Orders, order => Assert.Equal(0, order.Splits));
    }

    [Fact]
    public void PlanBatch_SameSeed_SamePlan()
    {
        var request = RandomRequest(31, 1.0, multiLine: true, orderCount: 300);

        var first = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);
        var second = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        Assert.Equal(JsonSerializer.Serialize(first.Orders), JsonSerializer.Serialize(second.Orders));
    }

    [Fact]
    public void PlanOnline_SameSeed_SamePlan()
    {
        var request = RandomRequest(32, 0.9, multiLine: false, orderCount: 300);

        Assert.Equal(JsonSerializer.Serialize(AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock).Orders), JsonSerializer.Serialize(AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock).Orders));
    }

    [Theory]
    [InlineData(41, 1.0, false)]
    [InlineData(42, 2.0, false)]
    [InlineData(43, 0.9, false)]
    [InlineData(44, 1.5, true)]
    public void PlanBatch_AgainstGreedy_FillsAtLeastAsMuchAndCostsNoMoreAtEqualFill(int seed, double stockFactor, bool multiLine)
    {
        // Ample pick capacity, so greedy (which ignores capacity) plays by the same rules as the batch planner.
        var request = RandomRequest(seed, stockFactor, multiLine, orderCount: 400, picksPerHour: 1000);

        var greedy = GreedyPlanner.Plan(request);
        var batch = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);

        Assert.True(PlanChecker.Check(request, greedy).IsClean);
        Assert.True(batch.AllocatedCount >= greedy.AllocatedCount, $"batch {batch.AllocatedCount} < greedy {greedy.AllocatedCount}");
        if (batch.AllocatedCount == greedy.AllocatedCount)
        {
            Assert.True(batch.TotalCost <= greedy.TotalCost, $"batch {batch.TotalCost} > greedy {greedy.TotalCost}");
        }
    }

    [Fact]
    public void PlanBatch_SingleUnitInstance_MatchesRelaxedOptimumWithinOnePercent()
    {
        var request = RandomRequest(51, 2.0, multiLine: false, orderCount: 500, picksPerHour: 1000);

        var batch = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);
        using var relaxation = RelaxedOptimum.Compute(request);
        var maxFill = relaxation.MaxFill();
        var bound = relaxation.AtFill(batch.AllocatedCount)!;

        Assert.Equal(maxFill, batch.AllocatedCount, 6);
        Assert.True(batch.TotalCost >= bound.Cost, "a plan cannot beat the relaxation");
        Assert.True(batch.TotalCost <= bound.Cost * 1.01m, $"batch {batch.TotalCost} vs bound {bound.Cost}");
    }

    [Theory]
    [InlineData(61, 1.0, false)]
    [InlineData(62, 0.8, true)]
    public void RelaxedOptimum_AtPlanFill_NotAboveAnyPlanCost(int seed, double stockFactor, bool multiLine)
    {
        var request = RandomRequest(seed, stockFactor, multiLine, orderCount: 300, picksPerHour: 2);
        using var relaxation = RelaxedOptimum.Compute(request);
        var maxFill = relaxation.MaxFill();

        foreach (var plan in new[] { AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock), AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock) })
        {
            var bound = relaxation.AtFill(plan.AllocatedCount);

            Assert.True(plan.AllocatedCount <= maxFill + 1e-6, $"{plan.Engine} fills {plan.AllocatedCount} > relaxed max {maxFill}");
            Assert.NotNull(bound);
            Assert.True(bound.Cost <= plan.TotalCost, $"{plan.Engine}: bound {bound.Cost} > plan {plan.TotalCost}");
        }
    }

    [Fact]
    public void RelaxedOptimum_HigherFill_NeverCheaper()
    {
        var request = RandomRequest(63, 1.0, multiLine: false, orderCount: 300, picksPerHour: 2);
        using var relaxation = RelaxedOptimum.Compute(request);
        var maxFill = (int)Math.Floor(relaxation.MaxFill() + 1e-6);

        var lower = relaxation.AtFill(maxFill / 2)!;
        var upper = relaxation.AtFill(maxFill)!;

        Assert.True(lower.Cost <= upper.Cost, $"{lower.Cost} at {maxFill / 2} orders > {upper.Cost} at {maxFill}");
        Assert.Null(relaxation.AtFill(maxFill + 1));
    }

    internal static PlanningRequest RandomRequest(int seed, double stockFactor, bool multiLine, int orderCount, int storeCount = 60, int picksPerHour = 0)
    {
        var network = DemoNetwork.Generate(seed, storeCount, Math.Max(1, storeCount / 4));
        if (picksPerHour > 0)
        {
            network = network with { Locations = network.Locations.Select(location => location with { PickCapacityPerHour = picksPerHour }).ToList() };
        }

        var instance = DemoOrders.Generate(network, seed, orderCount, stockFactor, multiLine, skuCount: 40);
        return new PlanningRequest(network, instance.Availability, instance.Orders, instance.Now, Seed: seed);
    }

    internal static void AssertCleanOrEmpty(PlanningRequest request, AllocationPlan plan)
    {
        Assert.Empty(plan.Errors);
        var report = PlanChecker.Check(request, plan);
        Assert.True(report.IsClean, string.Join(Environment.NewLine, report.Messages));
    }

    internal static void AssertClean(PlanningRequest request, AllocationPlan plan)
    {
        Assert.Empty(plan.Errors);
        var report = PlanChecker.Check(request, plan);
        Assert.True(report.IsClean, string.Join(Environment.NewLine, report.Messages));
        Assert.All(plan.Orders.Where(order => order.Status == OrderStatus.Allocated), order => Assert.NotNull(order.ReadyBy));
        Assert.Contains(plan.Orders, order => order.Status == OrderStatus.Allocated);
    }
}
