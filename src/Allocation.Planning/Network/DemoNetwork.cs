namespace Allocation.Planning.Network;

/// <summary>
/// A seeded demo network: click-and-collect stores spread over cities whose sizes follow a Zipf law (the biggest city has
/// the most stores), a few distribution centres with overnight shuttles (depart 18:00, arrive 06:00) to their stores.
/// </summary>
public static class DemoNetwork
{
    /// <summary>Largest store count the generator supports (ids are S0001..S9999 beyond 999 stores).</summary>
    public const int StoreCountMax = 9999;

    /// <summary>Distribution centres per this many stores (at least one, at most <see cref="DistributionCentreCountMax"/>).</summary>
    public const int StoresPerDistributionCentre = 100;

    /// <summary>Upper bound on generated distribution centres.</summary>
    public const int DistributionCentreCountMax = 6;

    /// <summary>Time zone of every demo location.</summary>
    public const string TimeZoneId = "Asia/Shanghai";

    private const int ShuttleLeadTimeMinutes = 12 * 60;
    private const double ShuttleKilometresMax = 1500;

    // Real anchor cities, biggest first; smaller demo towns are placed around them.
    private static readonly (string Name, double Latitude, double Longitude)[] AnchorCities =
    [
        ("Shanghai", 31.23, 121.47), ("Beijing", 39.90, 116.41), ("Guangzhou", 23.13, 113.26), ("Chengdu", 30.57, 104.07),
        ("Shenzhen", 22.54, 114.06), ("Chongqing", 29.56, 106.55), ("Wuhan", 30.59, 114.31), ("Xi'an", 34.34, 108.94),
        ("Hangzhou", 30.27, 120.16), ("Tianjin", 39.34, 117.36), ("Nanjing", 32.06, 118.80), ("Suzhou", 31.30, 120.59),
        ("Changsha", 28.23, 112.94), ("Zhengzhou", 34.75, 113.63), ("Shenyang", 41.80, 123.43), ("Qingdao", 36.07, 120.38),
        ("Dongguan", 23.02, 113.75), ("Kunming", 24.88, 102.83), ("Harbin", 45.80, 126.53), ("Xiamen", 24.48, 118.09),
    ];

    /// <summary>Builds the demo network; the same seed and sizes always give the same network.</summary>
    public static StoreNetwork Generate(int seed, int storeCount = 400, int cityCount = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(storeCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(storeCount, StoreCountMax);
        ArgumentOutOfRangeException.ThrowIfLessThan(cityCount, 1);
        var random = new Random(seed);
        var cities = BuildCities(random, Math.Min(cityCount, storeCount));
        var storesPerCity = ZipfShares(storeCount, cities.Count);
        var idWidth = Math.Max(3, storeCount.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var locations = new List<Location>(storeCount + DistributionCentreCountMax);
        for (var city = 0; city < cities.Count; city++)
        {
            var radiusKilometres = 3 + (12 * Math.Sqrt(storesPerCity[city] / (double)storesPerCity[0]));
            for (var store = 0; store < storesPerCity[city]; store++)
            {
                var (latitude, longitude) = Scatter(random, cities[city].Latitude, cities[city].Longitude, radiusKilometres);
                var id = "S" + (locations.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(idWidth, '0');
                locations.Add(new Location(id, cities[city].Name, latitude, longitude, LocationKind.Store, true, StoreHours(random), 4 + random.Next(9), TimeZoneId));
            }
        }

        var centres = BuildDistributionCentres(random, storeCount);
        var lanes = centres.SelectMany(centre => ShuttleLanes(centre, locations, centres)).ToList();
        locations.AddRange(centres);
        return new StoreNetwork(locations, lanes);
    }

    private static List<(string Name, double Latitude, double Longitude)> BuildCities(Random random, int cityCount)
    {
        var cities = new List<(string, double, double)>(cityCount);
        for (var rank = 0; rank < cityCount; rank++)
        {
            if (rank < AnchorCities.Length)
            {
                cities.Add(AnchorCities[rank]);
                continue;
            }

            // Towns cluster around the anchors (roughly within 250 km), as satellite cities do in eastern China.
            var anchor = AnchorCities[random.Next(AnchorCities.Length)];
            var name = $"{anchor.Name} Town {rank + 1:000}";
            cities.Add((name, Math.Round(anchor.Latitude + ((random.NextDouble() - 0.5) * 4), 4), Math.Round(anchor.Longitude + ((random.NextDouble() - 0.5) * 5), 4)));
        }

        return cities;
    }

    // Every city gets one store; the rest follow weights 1/rank, rounded by largest remainder so the total is exact.
    private static int[] ZipfShares(int storeCount, int cityCount)
    {
        var shares = Enumerable.Repeat(1, cityCount).ToArray();
        var remaining = storeCount - cityCount;
        var weights = Enumerable.Range(1, cityCount).Select(rank => 1.0 / rank).ToArray();
        var weightTotal = weights.Sum();
        var exact = weights.Select(weight => remaining * weight / weightTotal).ToArray();
        for (var city = 0; city < cityCount; city++)
        {
            shares[city] += (int)Math.Floor(exact[city]);
        }

        var leftOver = storeCount - shares.Sum();
        foreach (var city in Enumerable.Range(0, cityCount).OrderByDescending(city => exact[city] - Math.Floor(exact[city])).ThenBy(city => city).Take(leftOver))
        {
            shares[city]++;
        }

        return shares;
    }

    private static (double Latitude, double Longitude) Scatter(Random random, double latitude, double longitude, double radiusKilometres)
    {
        var distance = radiusKilometres * Math.Sqrt(random.NextDouble());
        var angle = random.NextDouble() * 2 * Math.PI;
        var latitudeOffset = distance * Math.Cos(angle) / 111.0;
        var longitudeOffset = distance * Math.Sin(angle) / (111.0 * Math.Cos(latitude * Math.PI / 180));
        return (Math.Round(latitude + latitudeOffset, 5), Math.Round(longitude + longitudeOffset, 5));
    }

    private static OpeningPeriod[] StoreHours(Random random)
    {
        // Most stores keep mall hours every day; some open earlier on weekdays and close earlier.
        var weekdaysEarly = random.NextDouble() < 0.2;
        return Enum.GetValues<DayOfWeek>().Select(day =>
            weekdaysEarly && day is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
                ? new OpeningPeriod(day, new TimeOnly(9, 0), new TimeOnly(21, 0))
                : new OpeningPeriod(day, new TimeOnly(10, 0), new TimeOnly(22, 0))).ToArray();
    }

    private static List<Location> BuildDistributionCentres(Random random, int storeCount)
    {
        var count = Math.Clamp(storeCount / StoresPerDistributionCentre, 1, DistributionCentreCountMax);
        var allDay = Enum.GetValues<DayOfWeek>().Select(day => new OpeningPeriod(day, TimeOnly.MinValue, TimeOnly.MinValue)).ToArray();
        return Enumerable.Range(0, count).Select(index =>
        {
            var (latitude, longitude) = Scatter(random, AnchorCities[index].Latitude, AnchorCities[index].Longitude, 30);
            return new Location($"DC{index + 1:00}", AnchorCities[index].Name, latitude, longitude, LocationKind.DistributionCentre, false, allDay, 300, TimeZoneId);
        }).ToList();
    }

    // Each store is served by its nearest centre with a nightly shuttle (18:00 -> 06:00 next day) when within reach.
    private static IEnumerable<Lane> ShuttleLanes(Location centre, List<Location> stores, List<Location> centres) =>
        stores
            .Where(store => centres.MinBy(other => LaneDerivation.DistanceKilometres(other, store)) == centre
                && LaneDerivation.DistanceKilometres(centre, store) <= ShuttleKilometresMax)
            .Select(store => new Lane(centre.Id, store.Id, ShuttleLeadTimeMinutes, 0.30m, 6.00m, [new TimeOnly(18, 0)]));
}
