using Allocation.Planning.Common;

namespace Allocation.Planning.Network;

/// <summary>Checks a network and names each problem by field; never throws for bad data.</summary>
internal static class NetworkValidator
{
    public const int LeadTimeMinutesMax = 14 * TimeMath.MinutesPerDay;
    public const int PickCapacityPerHourMax = 100_000;

    public static IReadOnlyList<string> Validate(StoreNetwork network)
    {
        var errors = new List<string>();
        if (network.Locations is null || network.Lanes is null)
        {
            errors.Add("network: locations and lanes are required");
            return errors;
        }

        if (network.Locations.Count > NetworkLimits.LocationsMax || network.Lanes.Count > NetworkLimits.LanesMax)
        {
            errors.Add($"network: at most {NetworkLimits.LocationsMax} locations and {NetworkLimits.LanesMax} lanes (this one has {network.Locations.Count} and {network.Lanes.Count})");
            return errors;
        }

        var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        // Beyond ErrorsMax the rest would not be shown: stop, so a hostile file costs no more than a bad one.
        for (var index = 0; index < network.Locations.Count && errors.Count <= NetworkLimits.ErrorsMax; index++)
        {
            ValidateLocation(network.Locations[index], $"locations[{index}]", index, firstIndexById, errors);
        }

        var lanePairs = new Dictionary<(string, string), int>();
        for (var index = 0; index < network.Lanes.Count && errors.Count <= NetworkLimits.ErrorsMax; index++)
        {
            ValidateLane(network.Lanes[index], $"lanes[{index}]", index, firstIndexById, lanePairs, errors);
        }

        return errors;
    }

    private static void ValidateLocation(Location? location, string path, int index, Dictionary<string, int> firstIndexById, List<string> errors)
    {
        if (location is null)
        {
            errors.Add($"{path}: location is missing");
            return;
        }

        if (string.IsNullOrWhiteSpace(location.Id))
        {
            errors.Add($"{path}.id: must not be empty");
        }
        else if (!firstIndexById.TryAdd(location.Id, index))
        {
            errors.Add($"{path}.id: duplicate id '{location.Id}' (first at locations[{firstIndexById[location.Id]}])");
        }

        if (string.IsNullOrWhiteSpace(location.City))
        {
            errors.Add($"{path}.city: must not be empty");
        }

        if (!double.IsFinite(location.Latitude) || location.Latitude is < -90 or > 90)
        {
            errors.Add($"{path}.latitude: {location.Latitude} is not within -90..90");
        }

        if (!double.IsFinite(location.Longitude) || location.Longitude is < -180 or > 180)
        {
            errors.Add($"{path}.longitude: {location.Longitude} is not within -180..180");
        }

        if (location.PickCapacityPerHour is < 0 or > PickCapacityPerHourMax)
        {
            errors.Add($"{path}.pickCapacityPerHour: {location.PickCapacityPerHour} is not within 0..{PickCapacityPerHourMax}");
        }

        if (location.Kind == LocationKind.DistributionCentre && location.ClickAndCollect)
        {
            errors.Add($"{path}.clickAndCollect: a distribution centre cannot be a pickup point");
        }

        if (string.IsNullOrWhiteSpace(location.TimeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(location.TimeZoneId, out _))
        {
            errors.Add($"{path}.timeZoneId: unknown time zone '{location.TimeZoneId}'");
        }

        ValidateOpeningHours(location.OpeningHours, $"{path}.openingHours", errors);
    }

    private static void ValidateOpeningHours(IReadOnlyList<OpeningPeriod>? periods, string path, List<string> errors)
    {
        if (periods is null)
        {
            errors.Add($"{path}: required (may be empty for a closed location)");
            return;
        }

        if (periods.Count > NetworkLimits.OpeningPeriodsPerLocationMax)
        {
            errors.Add($"{path}: at most {NetworkLimits.OpeningPeriodsPerLocationMax} opening periods a week (this location has {periods.Count})");
            return;
        }

        for (var index = 0; index < periods.Count; index++)
        {
            var period = periods[index];
            if (period is null)
            {
                errors.Add($"{path}[{index}]: period is missing");
                continue;
            }

            if (!Enum.IsDefined(period.Day))
            {
                errors.Add($"{path}[{index}].day: {(int)period.Day} is not a day of the week");
            }

            if (period.ClosesMinute <= period.OpensMinute)
            {
                errors.Add($"{path}[{index}]: closes {period.Closes:HH\\:mm} is not after opens {period.Opens:HH\\:mm}");
                continue;
            }

            for (var earlier = 0; earlier < index; earlier++)
            {
                var other = periods[earlier];
                if (other is not null && other.Day == period.Day && other.OpensMinute < period.ClosesMinute && period.OpensMinute < other.ClosesMinute)
                {
                    errors.Add($"{path}[{index}]: overlaps {path}[{earlier}] on {period.Day}");
                }
            }
        }
    }

    private static void ValidateLane(Lane? lane, string path, int index, Dictionary<string, int> firstIndexById, Dictionary<(string, string), int> lanePairs, List<string> errors)
    {
        if (lane is null)
        {
            errors.Add($"{path}: lane is missing");
            return;
        }

        if (lane.FromId is null || !firstIndexById.ContainsKey(lane.FromId))
        {
            errors.Add($"{path}.from: unknown location '{lane.FromId}'");
        }

        if (lane.ToId is null || !firstIndexById.ContainsKey(lane.ToId))
        {
            errors.Add($"{path}.to: unknown location '{lane.ToId}'");
        }

        if (lane.FromId is not null && string.Equals(lane.FromId, lane.ToId, StringComparison.Ordinal))
        {
            errors.Add($"{path}.to: a lane cannot end where it starts ('{lane.ToId}')");
        }
        else if (lane.FromId is not null && lane.ToId is not null && !lanePairs.TryAdd((lane.FromId, lane.ToId), index))
        {
            errors.Add($"{path}: duplicate lane {lane.FromId}->{lane.ToId} (first at lanes[{lanePairs[(lane.FromId, lane.ToId)]}])");
        }

        if (lane.LeadTimeMinutes is < 0 or > LeadTimeMinutesMax)
        {
            errors.Add($"{path}.leadTimeMinutes: {lane.LeadTimeMinutes} is not within 0..{LeadTimeMinutesMax}");
        }

        if (lane.CostPerUnit < 0)
        {
            errors.Add($"{path}.costPerUnit: {lane.CostPerUnit} is negative");
        }

        if (lane.CostPerShipment < 0)
        {
            errors.Add($"{path}.costPerShipment: {lane.CostPerShipment} is negative");
        }

        if (lane.Departures is null)
        {
            errors.Add($"{path}.departures: required (empty means on demand)");
        }
    }
}
