namespace Allocation.Load.Scheduling;

/// <summary>
/// A piecewise-linear arrival rate over the run (requests per second at elapsed seconds), flat beyond its ends.
/// ArrivalsBy integrates it; TimeOfArrival inverts the integral, so arrival n is due when n + 1/2 arrivals are owed,
/// evenly paced like wrk2 rather than in bursts.
/// </summary>
public sealed class RateCurve
{
    private const int BisectionStepsMax = 60;

    private readonly (double Seconds, double RatePerSecond)[] points;

    public RateCurve(IReadOnlyList<(double Seconds, double RatePerSecond)> points)
    {
        if (points.Count < 2)
        {
            throw new ArgumentException("a rate curve needs at least 2 points", nameof(points));
        }

        this.points = [.. points];
        EndSeconds = this.points[^1].Seconds;
        TotalArrivals = ArrivalsBy(EndSeconds);
    }

    public double EndSeconds { get; }

    /// <summary>Arrivals owed over the whole curve.</summary>
    public double TotalArrivals { get; }

    public static RateCurve Constant(double ratePerSecond, double durationSeconds) => new([(0, ratePerSecond), (durationSeconds, ratePerSecond)]);

    public double RateAt(double seconds)
    {
        if (seconds <= points[0].Seconds)
        {
            return points[0].RatePerSecond;
        }

        for (var index = 1; index < points.Length; index++)
        {
            var (endSeconds, endRate) = points[index];
            if (seconds <= endSeconds)
            {
                var (startSeconds, startRate) = points[index - 1];
                return startRate + (endRate - startRate) * (seconds - startSeconds) / (endSeconds - startSeconds);
            }
        }

        return points[^1].RatePerSecond;
    }

    /// <summary>The integral of the rate from the curve's start to <paramref name="seconds"/> (capped at its end).</summary>
    public double ArrivalsBy(double seconds)
    {
        var total = 0.0;
        for (var index = 1; index < points.Length && seconds > points[index - 1].Seconds; index++)
        {
            var (startSeconds, startRate) = points[index - 1];
            var endSeconds = Math.Min(seconds, points[index].Seconds);
            total += (startRate + RateAt(endSeconds)) / 2 * (endSeconds - startSeconds);
        }

        return total;
    }

    /// <summary>When arrival <paramref name="index"/> (0-based) is due, or null when the curve owes fewer arrivals.</summary>
    public double? TimeOfArrival(long index)
    {
        var owed = index + 0.5;
        if (owed > TotalArrivals)
        {
            return null;
        }

        double low = points[0].Seconds, high = EndSeconds;
        for (var step = 0; step < BisectionStepsMax && high - low > 1e-7; step++)
        {
            var middle = (low + high) / 2;
            if (ArrivalsBy(middle) < owed)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }
}
