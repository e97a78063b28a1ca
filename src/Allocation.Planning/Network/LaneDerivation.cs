namespace Allocation.Planning.Network;

/// <summary>
/// The documented rule that fills in lanes not given explicitly (see docs/allocation.md):
/// same city or within <see cref="CourierKilometresMax"/>: on-demand courier;
/// within <see cref="VanKilometresMax"/>: regional van at fixed departures;
/// beyond: overnight line haul at road speed. Costs grow linearly with great-circle distance.
/// </summary>
public static class LaneDerivation
{
    /// <summary>Distance up to which an on-demand courier is used (also used for any pair in the same city).</summary>
    public const double CourierKilometresMax = 40;

    /// <summary>Distance up to which a regional van is used.</summary>
    public const double VanKilometresMax = 300;

    /// <summary>Courier collection and drop-off time on top of driving.</summary>
    public const int CourierHandlingMinutes = 45;

    /// <summary>Average courier speed in town.</summary>
    public const double CourierSpeedKilometresPerHour = 25;

    /// <summary>Van loading and unloading time on top of driving.</summary>
    public const int VanHandlingMinutes = 60;

    /// <summary>Average van speed.</summary>
    public const double VanSpeedKilometresPerHour = 60;

    /// <summary>Line-haul cross-docking time on top of driving.</summary>
    public const int LineHaulHandlingMinutes = 120;

    /// <summary>Average line-haul road speed.</summary>
    public const double LineHaulSpeedKilometresPerHour = 65;

    /// <summary>Road distance is longer than the great circle; this factor converts one into the other.</summary>
    public const double RoadDetourFactor = 1.25;

    private const double EarthRadiusKilometres = 6371.0;

    private static readonly TimeOnly[] VanDepartures = [new(9, 0), new(14, 0), new(19, 0)];
    private static readonly TimeOnly[] LineHaulDepartures = [new(20, 0)];

    /// <summary>The lane the rule gives from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Lane Derive(Location from, Location to)
    {
        var kilometres = DistanceKilometres(from, to) * RoadDetourFactor;
        if (kilometres <= CourierKilometresMax || string.Equals(from.City, to.City, StringComparison.Ordinal))
        {
            return Build(from, to, CourierHandlingMinutes + (kilometres / CourierSpeedKilometresPerHour * 60), 0.50 + (0.01 * kilometres), 12 + (0.8 * kilometres), []);
        }

        if (kilometres <= VanKilometresMax)
        {
            return Build(from, to, VanHandlingMinutes + (kilometres / VanSpeedKilometresPerHour * 60), 0.80 + (0.004 * kilometres), 25 + (0.4 * kilometres), VanDepartures);
        }

        return Build(from, to, LineHaulHandlingMinutes + (kilometres / LineHaulSpeedKilometresPerHour * 60), 1.00 + (0.002 * kilometres), 40 + (0.25 * kilometres), LineHaulDepartures);
    }

    /// <summary>Great-circle (haversine) distance in kilometres.</summary>
    public static double DistanceKilometres(Location from, Location to)
    {
        var latitude1 = DegreesToRadians(from.Latitude);
        var latitude2 = DegreesToRadians(to.Latitude);
        var deltaLatitude = latitude2 - latitude1;
        var deltaLongitude = DegreesToRadians(to.Longitude - from.Longitude);
        var haversine = (Math.Sin(deltaLatitude / 2) * Math.Sin(deltaLatitude / 2))
            + (Math.Cos(latitude1) * Math.Cos(latitude2) * Math.Sin(deltaLongitude / 2) * Math.Sin(deltaLongitude / 2));
        return 2 * EarthRadiusKilometres * Math.Asin(Math.Min(1, Math.Sqrt(haversine)));
    }

    private static Lane Build(Location from, Location to, double leadMinutes, double costPerUnit, double costPerShipment, TimeOnly[] departures) =>
        new(from.Id, to.Id, (int)Math.Ceiling(leadMinutes), RoundToCents(costPerUnit), RoundToCents(costPerShipment), departures);

    private static decimal RoundToCents(double value) => Math.Round((decimal)value, 2, MidpointRounding.AwayFromZero);

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}
