using Allocation.Planning.Model;
using Allocation.Planning.Solver;
using System.Text.Json;

namespace Allocation.Planning.Tests;

/// <summary>
/// The batch planner's one deadline, driven by hand-made clocks (no timed tests): wherever the time runs out, the call
/// stops deciding, returns a plan the independent checker accepts, and explains every order it did not allocate.
/// </summary>
public class TimeLimitTests
{
    private const int LimitMilliseconds = 1_000;
    // A clock that stands still while the orders are prepared leaves the least tail reserve: the searches stop that
    // reserve before the limit, the explanation when its end share of the reserve is left.
    private const double LeastReserveMilliseconds = LimitMilliseconds * PlanClock.TailReserveMinShare;
    private const double SearchDeadlineMilliseconds = LimitMilliseconds - LeastReserveMilliseconds;
    private const double ExplanationDeadlineMilliseconds = LimitMilliseconds - (LeastReserveMilliseconds * PlanClock.ExplanationEndShareOfTailReserve);
    private const double BetweenFlowAndSearchMilliseconds = ((PlanClock.FlowSolveShareOfTimeLimit * LimitMilliseconds) + SearchDeadlineMilliseconds) / 2;
    private const double BetweenSearchAndExplanationMilliseconds = (SearchDeadlineMilliseconds + ExplanationDeadlineMilliseconds) / 2;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PlanBatch_ClockPastSearchShareAfterPreparation_DecidesNothingAndPlanValid(bool multiLine)
    {
        var request = Request(71, multiLine);

        var plan = AllocationPlanner.PlanBatch(request, new JumpingClock(readingsBeforeJump: 1, jumpToMilliseconds: BetweenSearchAndExplanationMilliseconds));

        PlannerInvariantTests.AssertCleanOrEmpty(request, plan);
        Assert.Equal(0, plan.AllocatedCount);
        Assert.Equal("batch:sequential (no time left for the flow)", plan.Engine);
        AssertEveryOrderExplained(request, plan);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PlanBatch_ClockPastFlowShareAfterPreparation_DecidesOrdersInTurnThenChainsNoWorseThanOnline(bool multiLine)
    {
        var request = Request(72, multiLine);

        var plan = AllocationPlanner.PlanBatch(request, new JumpingClock(readingsBeforeJump: 1, jumpToMilliseconds: BetweenFlowAndSearchMilliseconds));
        var online = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        PlannerInvariantTests.AssertClean(request, plan);
        Assert.Equal("batch:sequential (no time left for the flow)", plan.Engine);
        Assert.Contains(plan.Phases, phase => phase.Phase.StartsWith("chains", StringComparison.Ordinal));
        // In turn like online, then the chains: more orders, or as many for no more.
        Assert.True(
            plan.AllocatedCount > online.AllocatedCount || (plan.AllocatedCount == online.AllocatedCount && plan.TotalCost <= online.TotalCost),
            $"{plan.AllocatedCount} at {plan.TotalCost} against {online.AllocatedCount} at {online.TotalCost} online");
        if (multiLine)
        {
            // No single-unit order gets a chain here, so the baskets are decided exactly as online.
            Assert.Equal(JsonSerializer.Serialize(online.Orders.Where(order => order.Lines.Sum(line => line.Quantity) > 1)), JsonSerializer.Serialize(plan.Orders.Where(order => order.Lines.Sum(line => line.Quantity) > 1)));
        }
    }

    [Fact]
    public void PlanBatch_FlowOutOfTimeAfterItsCandidateScan_SinglesTakeTheirCheapestScannedSource()
    {
        var request = Request(77, multiLine: false);
        // Readings: the start, the preparation's start and end, "prepare", one per 64 orders of the candidate scan (300
        // orders: 5), "flow candidates"; the 11th, at the first order of the graph, is past the flow's share.
        var readingsBeforeJump = 4 + ((request.Orders.Count + 63) / 64) + 1;

        var plan = AllocationPlanner.PlanBatch(request, new JumpingClock(readingsBeforeJump, BetweenFlowAndSearchMilliseconds));
        var online = AllocationPlanner.PlanOnline(request, TestNetworks.FrozenClock);

        PlannerInvariantTests.AssertClean(request, plan);
        Assert.Equal("batch:sequential (no time left for the flow)", plan.Engine);
        Assert.Contains(plan.Phases, phase => phase.Phase == "flow candidates" && phase.EndedAtMilliseconds == 0);
        Assert.True(plan.AllocatedCount >= online.AllocatedCount * 0.97, $"{plan.AllocatedCount} against {online.AllocatedCount} online");
        AssertEveryOrderExplained(request, plan);
    }

    [Theory]
    [InlineData(73, false)]
    [InlineData(74, true)]
    public void PlanBatch_ClockRunsOutAtAnyReading_PlanValidAndEveryOrderExplained(int seed, bool multiLine)
    {
        var request = Request(seed, multiLine);
        var frozen = new JumpingClock(readingsBeforeJump: int.MaxValue, jumpToMilliseconds: 0);
        var full = AllocationPlanner.PlanBatch(request, frozen);
        Assert.Equal("batch:min-cost-flow+repair", full.Engine);
        Assert.True(frozen.Readings > 20, $"only {frozen.Readings} readings of the clock");

        const int Samples = 40;
        for (var sample = 0; sample < Samples; sample++)
        {
            var readings = 1 + (int)((long)sample * frozen.Readings / Samples);
            var plan = AllocationPlanner.PlanBatch(request, new JumpingClock(readings, 2.0 * LimitMilliseconds));

            PlannerInvariantTests.AssertCleanOrEmpty(request, plan);
            AssertEveryOrderExplained(request, plan);
        }
    }

    [Fact]
    public void PlanBatch_FrozenClock_SamePlanEveryTime()
    {
        var request = Request(75, multiLine: true);

        var first = AllocationPlanner.PlanBatch(request, new JumpingClock(int.MaxValue, 0));
        var second = AllocationPlanner.PlanBatch(request, new JumpingClock(int.MaxValue, 0));

        Assert.Equal(JsonSerializer.Serialize(first.Orders), JsonSerializer.Serialize(second.Orders));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PlanBatch_ClockAdvancingWithEveryReading_ReturnsWithinLimitOnThatClock(bool multiLine)
    {
        var request = Request(76, multiLine);
        // About 1,500 readings run this request to its end (frozen clock), so 1 ms a reading cuts the searches short.
        var clock = new SteppingClock(stepMilliseconds: 1.0);

        var plan = AllocationPlanner.PlanBatch(request, clock);

        PlannerInvariantTests.AssertClean(request, plan);
        Assert.Equal("batch:min-cost-flow+repair", plan.Engine);
        Assert.True(plan.Phases.Single(phase => phase.Phase == "improve").EndedAtMilliseconds >= SearchDeadlineMilliseconds, "the searches were not cut short");
        Assert.True(plan.SolveMilliseconds <= LimitMilliseconds, $"{plan.SolveMilliseconds} ms on the fake clock");
        AssertEveryOrderExplained(request, plan);
    }

    [Fact]
    public void PlanBatch_SlowPreparation_SearchesStopThatMuchEarlierAndCallWithinLimit()
    {
        var request = Request(78, multiLine: true);
        const double PreparationMilliseconds = 12.0; // 240 ms: between the least and the most reserve
        var reserve = (long)(PreparationMilliseconds * PlanClock.TailReservePerPreparationRatio);
        var clock = new SlowPreparationClock(PreparationMilliseconds, stepMilliseconds: 1.0);

        var plan = AllocationPlanner.PlanBatch(request, clock);

        PlannerInvariantTests.AssertClean(request, plan);
        Assert.StartsWith($"prepare (tail reserve {reserve} ms)", plan.Phases[0].Phase, StringComparison.Ordinal);
        var improved = plan.Phases.Single(phase => phase.Phase == "improve").EndedAtMilliseconds;
        Assert.InRange(improved, LimitMilliseconds - reserve, SearchDeadlineMilliseconds - 1);
        Assert.True(plan.SolveMilliseconds <= LimitMilliseconds, $"{plan.SolveMilliseconds} ms on the fake clock");
        AssertEveryOrderExplained(request, plan);
    }

    private static PlanningRequest Request(int seed, bool multiLine) =>
        PlannerInvariantTests.RandomRequest(seed, 1.0, multiLine, orderCount: 300) with
        {
            Limits = PlanningLimits.Default with { SolveTimeLimitMilliseconds = LimitMilliseconds, ExactSolveOrdersMax = 0 },
        };

    private static void AssertEveryOrderExplained(PlanningRequest request, AllocationPlan plan)
    {
        Assert.Equal(request.Orders.Select(order => order.Id), plan.Orders.Select(order => order.OrderId));
        Assert.All(plan.Orders, order => Assert.True(order.Status == OrderStatus.Allocated || !string.IsNullOrEmpty(order.Reason), $"{order.OrderId} {order.Status} without a reason"));
    }

    /// <summary>Stands at zero for the first readings, then at <c>jumpToMilliseconds</c>; counts its readings.</summary>
    private sealed class JumpingClock(int readingsBeforeJump, double jumpToMilliseconds) : StillClock
    {
        public int Readings { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() =>
            ++Readings > readingsBeforeJump ? (long)(jumpToMilliseconds * TimeSpan.TicksPerMillisecond) : 0;
    }

    /// <summary>Moves on by a fixed step each time it is read, as if every check of the clock took that long.</summary>
    private sealed class SteppingClock(double stepMilliseconds) : StillClock
    {
        private long readings;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => (long)(readings++ * stepMilliseconds * TimeSpan.TicksPerMillisecond);
    }

    /// <summary>
    /// Reads zero until the orders are prepared (its first two readings: the call's start and the preparation's), then
    /// the preparation's time, then moves on by a fixed step each time it is read.
    /// </summary>
    private sealed class SlowPreparationClock(double preparationMilliseconds, double stepMilliseconds) : StillClock
    {
        private long readings;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            var reading = readings++;
            var milliseconds = reading < 2 ? 0 : preparationMilliseconds + ((reading - 2) * stepMilliseconds);
            return (long)(milliseconds * TimeSpan.TicksPerMillisecond);
        }
    }
}
