using Allocation.Load.Scheduling;

namespace Allocation.Load.Tests.Scheduling;

public sealed class RateCurveTests
{
    [Fact]
    public void ArrivalsBy_RampThenHold_IntegratesTheRate()
    {
        var curve = new RateCurve([(0, 0), (10, 100), (20, 100)]);

        Assert.Equal(500, curve.ArrivalsBy(10), precision: 6);
        Assert.Equal(1_500, curve.ArrivalsBy(20), precision: 6);
        Assert.Equal(1_500, curve.TotalArrivals, precision: 6);
        Assert.Equal(50, curve.RateAt(5), precision: 6);
    }

    [Fact]
    public void TimeOfArrival_Ramp_SpacesArrivalsByTheIntegral()
    {
        var curve = new RateCurve([(0, 0), (10, 100)]);

        // 5 t^2 = n + 0.5 arrivals owed by time t.
        Assert.Equal(Math.Sqrt(0.5 / 5), curve.TimeOfArrival(0)!.Value, precision: 5);
        Assert.Equal(Math.Sqrt(100.5 / 5), curve.TimeOfArrival(100)!.Value, precision: 5);
    }

    [Fact]
    public void TimeOfArrival_PastTheCurve_IsNull()
    {
        var curve = RateCurve.Constant(10, 1);

        Assert.NotNull(curve.TimeOfArrival(9));
        Assert.Null(curve.TimeOfArrival(10));
    }

    [Fact]
    public void Constructor_OnePoint_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RateCurve([(0, 10)]));
    }
}
