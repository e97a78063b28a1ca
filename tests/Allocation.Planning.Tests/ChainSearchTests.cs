using Allocation.Planning.Solver;

namespace Allocation.Planning.Tests;

public class ChainSearchTests
{
    [Theory]
    [InlineData(81, 1.0)]
    [InlineData(82, 0.8)]
    [InlineData(83, 2.0)]
    public void Run_AfterSequentialPlan_NeverFewerOrdersOrDearerAndReportsWhatItChanged(int seed, double stockFactor)
    {
        var request = PlannerInvariantTests.RandomRequest(seed, stockFactor, multiLine: false, orderCount: 400, picksPerHour: 2);
        var (context, movable) = EjectionSearchTests.Prepare(request);
        var decisions = new Decision?[request.Orders.Count];
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = EjectionSearchTests.Score(decisions);

        var (added, savedCents) = ChainSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 60_000), long.MaxValue);

        var after = EjectionSearchTests.Score(decisions);
        Assert.True(after.Filled > before.Filled || (after.Filled == before.Filled && after.CostCents <= before.CostCents), $"before {before}, after {after}");
        Assert.Equal(after.Filled - before.Filled, added);
        Assert.True(savedCents >= 0);
        EjectionSearchTests.AssertFeasible(request, movable, decisions);
    }

    [Theory]
    [InlineData(84, 1.0)]
    [InlineData(85, 0.9)]
    public void Run_InDeadlineScheduling_KeepsEveryPickInTime(int seed, double stockFactor)
    {
        var request = PlannerInvariantTests.RandomRequest(seed, stockFactor, multiLine: false, orderCount: 400, picksPerHour: 2);
        var (context, movable) = EjectionSearchTests.Prepare(request);
        Assert.True(context.TryBeginDeadlineScheduling(movable));
        var decisions = new Decision?[request.Orders.Count];
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = EjectionSearchTests.Score(decisions);

        ChainSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 60_000), long.MaxValue);
        DeadlineSchedule.Assign(context, movable, decisions);

        var after = EjectionSearchTests.Score(decisions);
        Assert.True(after.Filled >= before.Filled, $"before {before}, after {after}");
        EjectionSearchTests.AssertFeasible(request, movable, decisions);
    }

    [Fact]
    public void Run_PastItsDeadline_ChangesNothing()
    {
        var request = PlannerInvariantTests.RandomRequest(86, 1.0, multiLine: false, orderCount: 200, picksPerHour: 2);
        var (context, movable) = EjectionSearchTests.Prepare(request);
        var decisions = new Decision?[request.Orders.Count];
        foreach (var order in OrderPreparation.ByUrgency(movable))
        {
            OrderSearch.Decide(context, order, decisions);
        }

        var before = decisions.ToArray();

        var result = ChainSearch.Run(context, movable, decisions, new PlanClock(TimeProvider.System, 60_000), deadlineMilliseconds: 0);

        Assert.Equal((0, 0L), result);
        Assert.Equal(before, decisions);
    }
}
