using System.Text.Json;
using System.Text.Json.Serialization;

namespace Allocation.Planning.Network;

/// <summary>Reads and writes a network as JSON: <c>{"locations":[...],"lanes":[...]}</c> (format in docs/allocation.md).</summary>
public static class NetworkJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Parses and validates; bad input yields errors naming the field, never an exception.</summary>
    public static NetworkParseResult Parse(string json)
    {
        NetworkDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<NetworkDocument>(json ?? string.Empty, Options);
        }
        catch (JsonException exception)
        {
            var path = (exception.Path ?? string.Empty).TrimStart('$', '.');
            var where = path.Length == 0 ? "json" : path;
            var reason = exception.Message.Split(". ", 2)[0];
            return NetworkParseResult.Failed([$"{where}: not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine}): {reason}"]);
        }

        if (document is null)
        {
            return NetworkParseResult.Failed(["json: the document is empty"]);
        }

        if (document.Locations?.Count > NetworkLimits.LocationsMax || document.Lanes?.Count > NetworkLimits.LanesMax)
        {
            return NetworkParseResult.Failed([$"network: at most {NetworkLimits.LocationsMax} locations and {NetworkLimits.LanesMax} lanes (this file has {document.Locations?.Count ?? 0} and {document.Lanes?.Count ?? 0})"]);
        }

        var errors = new List<string>();
        var locations = (document.Locations ?? []).Select((dto, index) => ToLocation(dto, $"locations[{index}]", errors)).ToList();
        var lanes = (document.Lanes ?? []).Select((dto, index) => ToLane(dto, $"lanes[{index}]", errors)).ToList();
        if (document.Locations is null)
        {
            errors.Add("locations: required");
        }

        if (errors.Count > 0)
        {
            return NetworkParseResult.Failed(errors);
        }

        var network = new StoreNetwork(locations!, lanes!);
        var validation = network.Validate();
        return validation.Count == 0 ? new NetworkParseResult(network, []) : NetworkParseResult.Failed(validation);
    }

    /// <summary>Writes the network; <see cref="Parse"/> reads it back to an equal network.</summary>
    public static string Write(StoreNetwork network)
    {
        var document = new NetworkDocument
        {
            Locations = network.Locations.Select(location => (LocationDocument?)new LocationDocument
            {
                Id = location.Id,
                City = location.City,
                Latitude = location.Latitude,
                Longitude = location.Longitude,
                Kind = KindText(location.Kind),
                ClickAndCollect = location.ClickAndCollect,
                OpeningHours = NetworkText.FormatOpeningHours(location.OpeningHours),
                PickCapacityPerHour = location.PickCapacityPerHour,
                TimeZoneId = location.TimeZoneId,
            }).ToList(),
            Lanes = network.Lanes.Select(lane => (LaneDocument?)new LaneDocument
            {
                From = lane.FromId,
                To = lane.ToId,
                LeadTimeMinutes = lane.LeadTimeMinutes,
                CostPerUnit = lane.CostPerUnit,
                CostPerShipment = lane.CostPerShipment,
                Departures = lane.Departures.Select(departure => (string?)NetworkText.FormatTime(departure, false)).ToList(),
            }).ToList(),
        };
        return JsonSerializer.Serialize(document, Options);
    }

    internal static string KindText(LocationKind kind) => kind == LocationKind.Store ? "store" : "distributionCentre";

    internal static LocationKind? ParseKind(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "STORE" => LocationKind.Store,
        "DISTRIBUTIONCENTRE" or "DC" => LocationKind.DistributionCentre,
        _ => null,
    };

    private static Location? ToLocation(LocationDocument? dto, string path, List<string> errors)
    {
        if (dto is null)
        {
            errors.Add($"{path}: location is missing");
            return null;
        }

        var kind = ParseKind(dto.Kind ?? "store");
        if (kind is null)
        {
            errors.Add($"{path}.kind: '{dto.Kind}' is not 'store' or 'distributionCentre'");
        }

        var hours = NetworkText.ParseOpeningHours(dto.OpeningHours, out var hoursError);
        if (hoursError is not null)
        {
            errors.Add($"{path}.openingHours: {hoursError}");
        }

        RequireValue(dto.Id, $"{path}.id", errors);
        RequireValue(dto.Latitude, $"{path}.latitude", errors);
        RequireValue(dto.Longitude, $"{path}.longitude", errors);
        RequireValue(dto.PickCapacityPerHour, $"{path}.pickCapacityPerHour", errors);
        RequireValue(dto.TimeZoneId, $"{path}.timeZoneId", errors);
        return new Location(
            dto.Id ?? string.Empty, dto.City ?? string.Empty, dto.Latitude ?? 0, dto.Longitude ?? 0, kind ?? LocationKind.Store,
            dto.ClickAndCollect ?? kind == LocationKind.Store, hours ?? [], dto.PickCapacityPerHour ?? 0, dto.TimeZoneId ?? string.Empty);
    }

    private static Lane? ToLane(LaneDocument? dto, string path, List<string> errors)
    {
        if (dto is null)
        {
            errors.Add($"{path}: lane is missing");
            return null;
        }

        var departures = new List<TimeOnly>();
        foreach (var text in dto.Departures ?? [])
        {
            if (!NetworkText.TryParseTime(text ?? string.Empty, allowEndOfDay: false, out var departure))
            {
                errors.Add($"{path}.departures: '{text}' is not a time of day HH:mm");
                continue;
            }

            departures.Add(departure);
        }

        RequireValue(dto.From, $"{path}.from", errors);
        RequireValue(dto.To, $"{path}.to", errors);
        RequireValue(dto.LeadTimeMinutes, $"{path}.leadTimeMinutes", errors);
        return new Lane(dto.From ?? string.Empty, dto.To ?? string.Empty, dto.LeadTimeMinutes ?? 0, dto.CostPerUnit ?? 0, dto.CostPerShipment ?? 0, departures);
    }

    private static void RequireValue(object? value, string path, List<string> errors)
    {
        if (value is null)
        {
            errors.Add($"{path}: required");
        }
    }

    private sealed class NetworkDocument
    {
        public List<LocationDocument?>? Locations { get; set; }

        public List<LaneDocument?>? Lanes { get; set; }
    }

    private sealed class LocationDocument
    {
        public string? Id { get; set; }

        public string? City { get; set; }

        public double? Latitude { get; set; }

        public double? Longitude { get; set; }

        public string? Kind { get; set; }

        public bool? ClickAndCollect { get; set; }

        public string? OpeningHours { get; set; }

        public int? PickCapacityPerHour { get; set; }

        public string? TimeZoneId { get; set; }
    }

    private sealed class LaneDocument
    {
        public string? From { get; set; }

        public string? To { get; set; }

        public int? LeadTimeMinutes { get; set; }

        public decimal? CostPerUnit { get; set; }

        public decimal? CostPerShipment { get; set; }

        public List<string?>? Departures { get; set; }
    }
}
