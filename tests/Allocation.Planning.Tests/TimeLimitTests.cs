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
    private const double JustBeforeFlowShareMilliseconds = (PlanClock.FlowSolveShareOfTimeLimit * LimitMilliseconds) - 1;

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
        AssertReasonsAgreeWithDeadlines(request, plan);
    }

    /// <summary>
    /// An order not allocated whose earliest possible ready time is within its readiness window was cut by the time limit
    /// (or passed over), and its reason says so; only one whose earliest time is past the window is called late.
    /// </summary>
    private static void AssertReasonsAgreeWithDeadlines(PlanningRequest request, AllocationPlan plan)
    {
        // The planner's deadline: the minute of payment plus the readiness window.
        var deadlines = request.Orders.ToDictionary(
            order => order.Id,
            order => DateTimeOffset.FromUnixTimeSeconds(order.PaidAt.ToUnixTimeSeconds() / 60 * 60).AddMinutes(request.Limits!.ReadinessWindowMinutes));
        var explained = plan.Orders.Where(order => order is { Status: OrderStatus.CannotBeReadyInTime, EarliestPossibleReadyAt: not null }).ToList();
        Assert.Contains(explained, order => order.EarliestPossibleReadyAt <= deadlines[order.OrderId]);
        Assert.All(explained, order => Assert.Equal(
            order.EarliestPossibleReadyAt <= deadlines[order.OrderId],
            order.Reason!.Contains("before the readiness deadline", StringComparison.Ordinal)));
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

    [Fact]
    public void PlanBatch_FlowSolvedJustBeforeItsShareThenSearchDeadlinePasses_KeepsSequentialFallback()
    {
        var request = Request(79, multiLine: false);
        // A slow machine: the clock stands past the fallback's share (the orders are decided one by one on a copy before
        // the flow), moving a tick a reading. A first call on it, never jumping, names the readings of two phases' ends.
        var probe = AllocationPlanner.PlanBatch(request, new LateFlowClock(int.MaxValue, 0, 0));
        Assert.Equal("batch:min-cost-flow+repair", probe.Engine);
        var fallbackDecided = LateFlowClock.ReadingOf(probe, "sequential fallback");
        var flowSolved = LateFlowClock.ReadingOf(probe, "flow solve");
        // The flow abandoned right after the fallback was decided: the plan is the fallback's (the chains get no time).
        var fallback = AllocationPlanner.PlanBatch(request, new LateFlowClock(fallbackDecided + 1, BetweenSearchAndExplanationMilliseconds, BetweenSearchAndExplanationMilliseconds));
        Assert.Equal("batch:sequential (no time left for the flow)", fallback.Engine);
        PlannerInvariantTests.AssertClean(request, fallback);

        // The flow solved just before its share, and the search deadline passed right after: admission gets no time.
        var plan = AllocationPlanner.PlanBatch(request, new LateFlowClock(flowSolved, JustBeforeFlowShareMilliseconds, BetweenSearchAndExplanationMilliseconds));

        PlannerInvariantTests.AssertClean(request, plan);
        Assert.Contains(plan.Phases, phase => phase.Phase == "flow solve" && phase.EndedAtMilliseconds == JustBeforeFlowShareMilliseconds);
        Assert.Contains(plan.Phases, phase => phase.Phase.StartsWith("admit singles (0 of ", StringComparison.Ordinal));
        Assert.Contains(plan.Phases, phase => phase.Phase.StartsWith("kept the sequential fallback", StringComparison.Ordinal));
        Assert.Equal("batch:sequential (flow solved too late)", plan.Engine);
        Assert.Equal(fallback.AllocatedCount, plan.AllocatedCount);
        Assert.Equal(JsonSerializer.Serialize(fallback.Orders), JsonSerializer.Serialize(plan.Orders));
        AssertEveryOrderExplained(request, plan);
    }

    [Theory]
    [InlineData(10, 500, 9, 100, true)]
    [InlineData(10, 500, 10, 400, false)]
    [InlineData(10, 400, 10, 500, true)]
    [InlineData(10, 500, 10, 500, false)]
    [InlineData(9, 100, 10, 900, false)]
    public void IsBetterPlan_UnitsThenCost_MoreUnitsFirstThenCheaperAndTieNotBetter(long units, long cents, long otherUnits, long otherCents, bool better)
    {
        Assert.Equal(better, FlowBatchPlanner.IsBetterPlan(units, cents, otherUnits, otherCents));
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

    /// <summary>
    /// A slow machine: reads zero at the call's start, then stands at <see cref="StandMilliseconds"/> (past the share at which
    /// the orders are decided one by one before the flow, before the end of the candidate scan's share), one tick later at
    /// every reading, so a phase's end names its reading (<see cref="ReadingOf"/>). At reading <c>jumpAtReading</c> it reads
    /// <c>atJumpMilliseconds</c>, and <c>afterJumpMilliseconds</c> at every later one. Its timers never fire, so the
    /// planner's wait for the flow ends only when the flow is solved.
    /// </summary>
    private sealed class LateFlowClock(int jumpAtReading, double atJumpMilliseconds, double afterJumpMilliseconds) : StillClock
    {
        public const double StandMilliseconds = ((PlanClock.FallbackFirstShareOfTimeLimit + PlanClock.FlowCandidatesShareOfTimeLimit) / 2) * LimitMilliseconds;

        private int readings;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        /// <summary>The reading at which <paramref name="phase"/> of a plan made on this clock (without a jump) ended.</summary>
        public static int ReadingOf(AllocationPlan plan, string phase)
        {
            var ended = plan.Phases.Single(item => item.Phase == phase).EndedAtMilliseconds;
            Assert.InRange(ended, StandMilliseconds, PlanClock.FlowCandidatesShareOfTimeLimit * LimitMilliseconds);
            return (int)Math.Round((ended - StandMilliseconds) * TimeSpan.TicksPerMillisecond);
        }

        public override long GetTimestamp()
        {
            var reading = readings++;
            var milliseconds = reading == 0 ? 0
                : reading < jumpAtReading ? StandMilliseconds
                : reading == jumpAtReading ? atJumpMilliseconds
                : afterJumpMilliseconds;
            return (long)(milliseconds * TimeSpan.TicksPerMillisecond) + (reading < jumpAtReading ? reading : 0);
        }
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
