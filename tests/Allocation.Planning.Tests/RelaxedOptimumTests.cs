using Allocation.Planning.Model;
using Allocation.Planning.Solver;
using Allocation.Verification;

namespace Allocation.Planning.Tests;

/// <summary>The LP bound's cover rows: tighter for a basket no single source can fill, and still below the optimum.</summary>
public class RelaxedOptimumTests
{
    [Fact]
    public void AtFill_BasketNeedsTwoSources_CoverRowsPayTheSecondSourceInFull()
    {
        // B only at S002 (with one A); the second A at S003, which holds two: the plain LP pays half of S003's fixed costs.
        var network = TestNetworks.SmallCity(3);
        var stock = TestNetworks.Stock(("A", "S002", 1), ("B", "S002", 1), ("A", "S003", 2));
        var request = new PlanningRequest(network, stock, [TestNetworks.Order("O1", "S001", ("A", 2), ("B", 1))], TestNetworks.Now);
        var plan = AllocationPlanner.PlanBatch(request, TestNetworks.FrozenClock);
        using var plain = RelaxedOptimum.Compute(request, coverCuts: false);
        using var covered = RelaxedOptimum.Compute(request);

        var plainBound = plain.AtFill(1)!.Cost;
        var coveredBound = covered.AtFill(1)!.Cost;

        Assert.Equal(1, plan.AllocatedCount);
        Assert.True(coveredBound > plainBound, $"cover rows {coveredBound}, plain {plainBound}");
        Assert.True(coveredBound <= plan.TotalCost, $"bound {coveredBound} above the plan's {plan.TotalCost}");
        Assert.InRange(Money.ToCents(coveredBound), Money.ToCents(plan.TotalCost) - 1, Money.ToCents(plan.TotalCost));
    }
}
