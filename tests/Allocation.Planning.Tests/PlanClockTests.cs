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
        Assert.Equal(LimitMilliseconds - clock.TailReserveMilliseconds, clock.SearchDeadlineMilliseconds);
    }

    [Fact]
    public void ReserveTail_QuickPreparation_KeepsTheLeastReserve()
    {
        var clock = new PlanClock(new FixedClock(), LimitMilliseconds);

        clock.ReserveTail(TimeSpan.FromMilliseconds(0.5));

        var least = (long)(LimitMilliseconds * PlanClock.TailReserveMinShare);
        Assert.Equal(least, clock.TailReserveMilliseconds);
        Assert.Equal(LimitMilliseconds - least, clock.SearchDeadlineMilliseconds);
    }

    [Fact]
    public void ReserveTail_PreparationBetweenBounds_ReservesItsTimeTimesTheRatio()
    {
        var clock = new PlanClock(new FixedClock(), LimitMilliseconds);
        // Halfway between the least and the most reserve.
        var expected = (long)(LimitMilliseconds * (PlanClock.TailReserveMinShare + PlanClock.TailReserveMaxShare) / 2);
        var preparationMilliseconds = expected / PlanClock.TailReservePerPreparationRatio;

        clock.ReserveTail(TimeSpan.FromMilliseconds(preparationMilliseconds));

        Assert.Equal(expected, clock.TailReserveMilliseconds);
        Assert.Equal(LimitMilliseconds - expected, clock.SearchDeadlineMilliseconds);
        Assert.Equal(LimitMilliseconds - (long)(expected * PlanClock.ExplanationEndShareOfTailReserve), clock.ExplanationDeadlineMilliseconds);
        Assert.True(clock.SearchDeadlineMilliseconds < clock.ExplanationDeadlineMilliseconds);
    }

    [Fact]
    public void ReserveTail_SlowPreparation_KeepsTheMostReserveAfterTheFlowsShare()
    {
        var clock = new PlanClock(new FixedClock(), LimitMilliseconds);

        clock.ReserveTail(TimeSpan.FromMilliseconds(LimitMilliseconds));

        Assert.Equal((long)(LimitMilliseconds * PlanClock.TailReserveMaxShare), clock.TailReserveMilliseconds);
        Assert.True(clock.SearchDeadlineMilliseconds > clock.MillisecondsAt(PlanClock.FlowSolveShareOfTimeLimit));
    }

    [Fact]
    public void ReserveTail_TinyLimit_ReserveNeverAboveTheMostShare()
    {
        var clock = new PlanClock(new FixedClock(), limitMilliseconds: 10);

        clock.ReserveTail(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, clock.TailReserveMilliseconds);
        Assert.Equal(8, clock.SearchDeadlineMilliseconds);
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
