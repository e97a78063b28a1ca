using Allocation.Planning.Network;

namespace Allocation.Planning.Tests;

public class NetworkTests
{
    [Fact]
    public void Generate_DefaultSizes_ValidNetworkWithZipfCities()
    {
        var network = DemoNetwork.Generate(7);

        Assert.Empty(network.Validate());
        var stores = network.Locations.Where(location => location.Kind == LocationKind.Store).ToList();
        Assert.Equal(400, stores.Count);
        Assert.Equal("S001", stores[0].Id);
        Assert.Equal("S400", stores[^1].Id);
        Assert.All(stores, store => Assert.True(store.ClickAndCollect));
        var perCity = stores.GroupBy(store => store.City).Select(group => group.Count()).OrderDescending().ToList();
        Assert.Equal(100, perCity.Count);
        Assert.True(perCity[0] >= 10 * perCity[^1], $"largest city has {perCity[0]} stores, smallest {perCity[^1]}");
        Assert.Contains(network.Locations, location => location.Kind == LocationKind.DistributionCentre);
        Assert.Contains(network.Lanes, lane => lane.LeadTimeMinutes == 720 && lane.Departures.SequenceEqual([new TimeOnly(18, 0)]));
    }

    [Fact]
    public void Generate_SameSeed_SameNetwork()
    {
        Assert.Equal(NetworkJson.Write(DemoNetwork.Generate(3)), NetworkJson.Write(DemoNetwork.Generate(3)));
        Assert.NotEqual(NetworkJson.Write(DemoNetwork.Generate(3)), NetworkJson.Write(DemoNetwork.Generate(4)));
    }

    [Fact]
    public void Json_RoundTrip_SameNetwork()
    {
        var network = DemoNetwork.Generate(11, storeCount: 60, cityCount: 12);

        var parsed = NetworkJson.Parse(NetworkJson.Write(network));

        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors));
        Assert.Equal(NetworkJson.Write(network), NetworkJson.Write(parsed.Network!));
        Assert.Equal(network.Locations, parsed.Network!.Locations, LocationComparer);
    }

    [Fact]
    public void Csv_RoundTrip_SameNetwork()
    {
        var network = DemoNetwork.Generate(11, storeCount: 60, cityCount: 12);

        var parsed = NetworkCsv.Parse(NetworkCsv.WriteLocations(network), NetworkCsv.WriteLanes(network));

        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors));
        Assert.Equal(NetworkJson.Write(network), NetworkJson.Write(parsed.Network!));
    }

    [Fact]
    public void Csv_QuotedCityWithComma_RoundTrips()
    {
        var network = new StoreNetwork([TestNetworks.Store("S1", "Xi'an, \"old\" town", 34.3, 108.9)], []);

        var parsed = NetworkCsv.Parse(NetworkCsv.WriteLocations(network), NetworkCsv.WriteLanes(network));

        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors));
        Assert.Equal("Xi'an, \"old\" town", parsed.Network!.Locations[0].City);
    }

    [Theory]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"Mon-Sun 10:00-22:00","pickCapacityPerHour":5,"timeZoneId":"Asia/Shanghai"}],"lanes":[{"from":"S1","to":"S999","leadTimeMinutes":60,"departures":[]}]}""", "lanes[0].to: unknown location 'S999'")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"","pickCapacityPerHour":5,"timeZoneId":"Asia/Shanghai"},{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"","pickCapacityPerHour":5,"timeZoneId":"Asia/Shanghai"}]}""", "locations[1].id: duplicate id 'S1'")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"","pickCapacityPerHour":-3,"timeZoneId":"Asia/Shanghai"}]}""", "locations[0].pickCapacityPerHour: -3")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":131,"longitude":121,"openingHours":"","pickCapacityPerHour":3,"timeZoneId":"Asia/Shanghai"}]}""", "locations[0].latitude")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"Mon 22:00-10:00","pickCapacityPerHour":3,"timeZoneId":"Asia/Shanghai"}]}""", "locations[0].openingHours[0]: closes 10:00 is not after opens 22:00")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"Mon 25:00-26:00","pickCapacityPerHour":3,"timeZoneId":"Asia/Shanghai"}]}""", "locations[0].openingHours: 'Mon 25:00-26:00'")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"","pickCapacityPerHour":3,"timeZoneId":"Mars/Olympus"}]}""", "locations[0].timeZoneId: unknown time zone 'Mars/Olympus'")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":"north","longitude":121}]}""", "locations[0].latitude")]
    [InlineData("""{"locations":[{"id":"S1",""", "locations[0]: not valid JSON")]
    [InlineData("", "json: not valid JSON")]
    [InlineData("""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"","pickCapacityPerHour":3,"timeZoneId":"Asia/Shanghai"}],"lanes":[{"from":"S1","to":"S1","leadTimeMinutes":-5,"departures":["6pm"]}]}""", "lanes[0].departures: '6pm' is not a time of day HH:mm")]
    public void JsonParse_BadInput_ErrorNamesField(string json, string expected)
    {
        var result = NetworkJson.Parse(json);

        Assert.False(result.Succeeded);
        Assert.Null(result.Network);
        Assert.Contains(result.Errors, error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void JsonParse_ThousandsOfOpeningPeriods_RefusedBeforeTheyAreExpanded()
    {
        // ~480 KB of "Mon 10:00-10:01;..." once made the validator build hundreds of millions of overlap errors.
        var hours = string.Join(';', Enumerable.Range(0, 30_000).Select(minute => $"Mon {minute / 60 % 24:00}:{minute % 60:00}-23:59"));
        var json = $$"""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"{{hours}}","pickCapacityPerHour":3,"timeZoneId":"Asia/Shanghai"}]}""";
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = NetworkJson.Parse(json);

        Assert.False(result.Succeeded);
        Assert.Equal([$"locations[0].openingHours: at most {NetworkLimits.OpeningHoursTextLengthMax} characters"], result.Errors);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public void JsonParse_MorePeriodsThanTheWeeklyLimit_ErrorNamesTheLocation()
    {
        var hours = string.Join(';', Enumerable.Range(0, 5).Select(hour => $"Mon-Sun {hour * 2 + 1:00}:00-{hour * 2 + 2:00}:00"));
        var json = $$"""{"locations":[{"id":"S1","city":"A","latitude":31,"longitude":121,"openingHours":"{{hours}}","pickCapacityPerHour":3,"timeZoneId":"Asia/Shanghai"}]}""";

        var result = NetworkJson.Parse(json);

        Assert.Contains(result.Errors, error => error.StartsWith("locations[0].openingHours: at most 28 opening periods", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonParse_ManyBadLocations_ReportsAtMostTheErrorLimitAndCountsTheRest()
    {
        var locations = string.Join(',', Enumerable.Range(0, 5_000).Select(index => $$"""{"id":"S{{index}}","city":"","latitude":300,"longitude":121,"openingHours":"","pickCapacityPerHour":3,"timeZoneId":"Asia/Shanghai"}"""));

        var result = NetworkJson.Parse($$"""{"locations":[{{locations}}]}""");

        Assert.Equal(NetworkLimits.ErrorsMax + 1, result.Errors.Count);
        Assert.StartsWith("... and ", result.Errors[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void CsvParse_MoreRowsThanTheLimit_RefusedNamingTheFile()
    {
        var rows = string.Concat(Enumerable.Repeat("S1,A,31,121,store,true,,5,Asia/Shanghai\n", NetworkLimits.LocationsMax + 1));

        var result = NetworkCsv.Parse(NetworkCsv.LocationsHeader + "\n" + rows, NetworkCsv.LanesHeader + "\n");

        Assert.Contains($"locations.csv: at most {NetworkLimits.LocationsMax} rows (this file has {NetworkLimits.LocationsMax + 1})", result.Errors);
    }

    [Fact]
    public void CsvParse_UnknownLaneLocation_ErrorNamesLineAndField()
    {
        var locations = NetworkCsv.LocationsHeader + "\nS1,A,31,121,store,true,Mon-Sun 10:00-22:00,5,Asia/Shanghai\n";
        var lanes = NetworkCsv.LanesHeader + "\nS1,S999,60,0.5,10,18:00\n";

        var result = NetworkCsv.Parse(locations, lanes);

        Assert.Contains("lanes.csv line 2: lanes[0].to: unknown location 'S999'", result.Errors);
    }

    [Theory]
    [InlineData("id,city\nS1,A\n", "", "locations.csv line 1: missing column(s) latitude")]
    [InlineData(NetworkCsv.LocationsHeader + "\nS1,A,abc,121,store,true,,5,Asia/Shanghai\n", NetworkCsv.LanesHeader, "locations.csv line 2, column latitude (locations[0]): 'abc' is not a number")]
    [InlineData(NetworkCsv.LocationsHeader + "\nS1,A,31,121,store,true,,-1,Asia/Shanghai\n", NetworkCsv.LanesHeader, "locations.csv line 2: locations[0].pickCapacityPerHour: -1")]
    [InlineData(NetworkCsv.LocationsHeader + "\nS1,A,31,121,store,true,,5\n", NetworkCsv.LanesHeader, "locations.csv line 2: 8 fields, expected 9")]
    [InlineData(NetworkCsv.LocationsHeader + "\n\"S1,A,31,121,store,true,,5,Asia/Shanghai\n", NetworkCsv.LanesHeader, "a quoted field is not closed")]
    [InlineData(NetworkCsv.LocationsHeader + "\nS1,A,31,121,warehouse,true,,5,Asia/Shanghai\n", NetworkCsv.LanesHeader, "column kind")]
    [InlineData(NetworkCsv.LocationsHeader + "\nS1,A,31,121,store,true,,5,Asia/Shanghai\n", NetworkCsv.LanesHeader + "\nS1,S1,60,0.5,10,25:00\n", "column departures")]
    public void CsvParse_BadInput_ErrorNamesLineAndField(string locations, string lanes, string expected)
    {
        var result = NetworkCsv.Parse(locations, lanes);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Derive_ByDistance_CourierVanOrLineHaul()
    {
        var shanghai = TestNetworks.Store("A", "Shanghai", 31.23, 121.47);
        var sameCityFar = TestNetworks.Store("B", "Shanghai", 31.15, 121.40);
        var suzhou = TestNetworks.Store("C", "Suzhou", 31.30, 120.59);
        var beijing = TestNetworks.Store("D", "Beijing", 39.90, 116.41);

        var courier = LaneDerivation.Derive(shanghai, sameCityFar);
        var van = LaneDerivation.Derive(shanghai, suzhou);
        var lineHaul = LaneDerivation.Derive(shanghai, beijing);

        Assert.Empty(courier.Departures);
        Assert.Equal(3, van.Departures.Count);
        Assert.Equal([new TimeOnly(20, 0)], lineHaul.Departures);
        Assert.True(courier.LeadTimeMinutes < van.LeadTimeMinutes && van.LeadTimeMinutes < lineHaul.LeadTimeMinutes);
        Assert.True(courier.CostPerShipment < van.CostPerShipment && van.CostPerShipment < lineHaul.CostPerShipment);
        Assert.InRange(LaneDerivation.DistanceKilometres(shanghai, beijing), 1000, 1100);
    }

    private static readonly EqualityComparer<Location> LocationComparer = EqualityComparer<Location>.Create(
        (left, right) => left!.Id == right!.Id && left.City == right.City && left.Latitude == right.Latitude && left.Longitude == right.Longitude
            && left.Kind == right.Kind && left.ClickAndCollect == right.ClickAndCollect && left.PickCapacityPerHour == right.PickCapacityPerHour
            && left.TimeZoneId == right.TimeZoneId && left.OpeningHours.OrderBy(period => period.Day).ThenBy(period => period.Opens).SequenceEqual(right.OpeningHours.OrderBy(period => period.Day).ThenBy(period => period.Opens)),
        location => location.Id.GetHashCode(StringComparison.Ordinal));
}
