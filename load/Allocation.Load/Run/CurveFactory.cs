using Allocation.Load.Profiles;
using Allocation.Load.Scheduling;

namespace Allocation.Load.Run;

/// <summary>
/// A scenario's arrival curve for this run: the profile's fractions of its peak, times the scenario's share and
/// --scale, with the nominal profile time stretched to the run's duration.
/// </summary>
public static class CurveFactory
{
    public static RateCurve For(LoadProfile profile, ScenarioProfile scenario, double scale, TimeSpan duration)
    {
        var points = scenario.RateCurve ?? profile.RateCurve ?? [new RatePoint(0, 1), new RatePoint(profile.DurationSeconds, 1)];
        var stretch = duration.TotalSeconds / profile.DurationSeconds;
        var peak = profile.PeakRatePerSecond * scenario.Share * scale;
        var corners = points.Select(point => (point.AtSeconds * stretch, point.Fraction * peak)).ToList();
        if (corners[^1].Item1 < duration.TotalSeconds)
        {
            corners.Add((duration.TotalSeconds, corners[^1].Item2));
        }

        return new RateCurve(corners);
    }
}
