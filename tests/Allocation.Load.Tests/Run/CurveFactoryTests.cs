using Allocation.Load.Profiles;
using Allocation.Load.Run;

namespace Allocation.Load.Tests.Run;

public sealed class CurveFactoryTests
{
    private static readonly LoadProfile Profile = new()
    {
        Name = "p",
        DurationSeconds = 60,
        PeakRatePerSecond = 1_000,
        RateCurve = [new RatePoint(0, 0), new RatePoint(10, 1), new RatePoint(60, 1)],
    };

    [Fact]
    public void For_ShorterRun_StretchesTheCurveAndScalesTheRate()
    {
        var curve = CurveFactory.For(Profile, new ScenarioProfile { Share = 0.5 }, scale: 0.1, TimeSpan.FromSeconds(30));

        // Peak 1,000/s x share 0.5 x scale 0.1 = 50/s, reached at 10 s of 60, so at 5 s of a 30 s run.
        Assert.Equal(50, curve.RateAt(5), precision: 6);
        Assert.Equal(25, curve.RateAt(2.5), precision: 6);
        Assert.Equal(30, curve.EndSeconds, precision: 6);
    }

    [Fact]
    public void For_ScenarioCurve_OverridesTheProfileCurve()
    {
        var scenario = new ScenarioProfile { Share = 1, RateCurve = [new RatePoint(0, 1), new RatePoint(30, 0)] };

        var curve = CurveFactory.For(Profile, scenario, scale: 1, TimeSpan.FromSeconds(60));

        Assert.Equal(1_000, curve.RateAt(0), precision: 6);
        Assert.Equal(0, curve.RateAt(45), precision: 6);
        Assert.Equal(60, curve.EndSeconds, precision: 6);
    }
}
