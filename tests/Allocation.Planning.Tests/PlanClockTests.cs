using Allocation.Planning.Solver;

namespace Allocation.Planning.Tests;

/// <summary>
/// The tail reserve of a planning call: sized from the call's own preparation time, within its named bounds, and the
/// searches' and explanation's deadlines that follow from it.
/// </summary>
public class PlanClockTests
{
    private const long LimitMilliseconds = 1_000;

    [Fact]
    public void PlanClock_NotYetMeasured_KeepsTheMostReserve()
    {
        var clock = new PlanClock(new FixedClock(), LimitMilliseconds);

        Assert.Equal((long)(LimitMilliseconds * PlanClock.TailReserveMaxShare), clock.TailReserveMilliseconds);
        Assert.Equal((long)(LimitMilliseconds * PlanClock.FlowSolveShareOfTimeLimit), clock.SearchDeadlineMilliseconds);
    }

    [Fact]
    public void ReserveTail_QuickPreparation_KeepsTheLeastReserve()
    {
        var clock = new PlanClock(new FixedClock(), LimitMilliseconds);

        clock.ReserveTail(TimeSpan.FromMilliseconds(0.5));

        Assert.Equal(PlanClock.TailReserveMinMs, clock.TailReserveMilliseconds);
        Assert.Equal(LimitMilliseconds - PlanClock.TailReserveMinMs, clock.SearchDeadlineMilliseconds);
    }

    [Fact]
    public void ReserveTail_PreparationBetweenBounds_ReservesItsTimeTimesTheRatio()
    {
        var clock = new PlanClock(new FixedClock(), LimitMilliseconds);
        var preparationMilliseconds = 2.0 * PlanClock.TailReserveMinMs / PlanClock.TailReservePerPreparationRatio;

        clock.ReserveTail(TimeSpan.FromMilliseconds(preparationMilliseconds));

        var expected = 2 * PlanClock.TailReserveMinMs;
        Assert.Equal(expected, clock.TailReserveMilliseconds);
        Assert.Equal(LimitMilliseconds - expected, clock.SearchDeadlineMilliseconds);
        Assert.Equal(LimitMilliseconds - (long)(expected * PlanClock.ExplanationEndShareOfTailReserve), clock.ExplanationDeadlineMilliseconds);
        Assert.True(clock.SearchDeadlineMilliseconds < clock.ExplanationDeadlineMilliseconds);
    }

    [Fact]
    public void ReserveTail_SlowPreparation_SearchesStillRunUntilTheFlowsShare()
    {
        var clock = new PlanClock(new FixedClock(), LimitMilliseconds);

        clock.ReserveTail(TimeSpan.FromMilliseconds(LimitMilliseconds));

        Assert.Equal((long)(LimitMilliseconds * PlanClock.TailReserveMaxShare), clock.TailReserveMilliseconds);
        Assert.Equal(clock.MillisecondsAt(PlanClock.FlowSolveShareOfTimeLimit), clock.SearchDeadlineMilliseconds);
    }

    [Fact]
    public void ReserveTail_TinyLimit_ReserveNeverAboveTheMostShare()
    {
        var clock = new PlanClock(new FixedClock(), limitMilliseconds: 10);

        clock.ReserveTail(TimeSpan.Zero);

        Assert.Equal(4, clock.TailReserveMilliseconds);
        Assert.Equal(6, clock.SearchDeadlineMilliseconds);
    }

    [Fact]
    public void IsPastSearchDeadline_ClockAtTheDeadline_TrueAndNothingRemains()
    {
        var time = new FixedClock();
        var clock = new PlanClock(time, LimitMilliseconds);
        clock.ReserveTail(TimeSpan.Zero);

        time.Milliseconds = clock.SearchDeadlineMilliseconds - 1;
        Assert.False(clock.IsPastSearchDeadline);
        Assert.Equal(TimeSpan.FromMilliseconds(1), clock.RemainingUntilSearchDeadline);

        time.Milliseconds = clock.SearchDeadlineMilliseconds;
        Assert.True(clock.IsPastSearchDeadline);
        Assert.False(clock.IsPastExplanationDeadline);
        Assert.Equal(TimeSpan.Zero, clock.RemainingUntilSearchDeadline);
    }

    /// <summary>Stands where the test puts it.</summary>
    private sealed class FixedClock : StillClock
    {
        public long Milliseconds { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Milliseconds * TimeSpan.TicksPerMillisecond;
    }
}
