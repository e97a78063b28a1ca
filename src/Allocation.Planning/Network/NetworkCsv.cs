using System.Globalization;
using System.Text;

namespace Allocation.Planning.Network;

/// <summary>
/// Reads and writes a network as two CSV files (RFC 4180 quoting): locations
/// (<c>id,city,latitude,longitude,kind,click_and_collect,opening_hours,pick_capacity_per_hour,time_zone_id</c>) and lanes
/// (<c>from,to,lead_time_minutes,cost_per_unit,cost_per_shipment,departures</c>, departures space-separated HH:mm).
/// </summary>
public static class NetworkCsv
{
    /// <summary>Header of the locations file.</summary>
    public const string LocationsHeader = "id,city,latitude,longitude,kind,click_and_collect,opening_hours,pick_capacity_per_hour,time_zone_id";

    /// <summary>Header of the lanes file.</summary>
    public const string LanesHeader = "from,to,lead_time_minutes,cost_per_unit,cost_per_shipment,departures";

    private const string LocationsFile = "locations.csv";
    private const string LanesFile = "lanes.csv";

    /// <summary>Parses and validates; errors name file, line and column (and the model path), never an exception.</summary>
    public static NetworkParseResult Parse(string locationsCsv, string lanesCsv)
    {
        var errors = new List<string>();
        var locationRows = ReadTable(locationsCsv, LocationsFile, LocationsHeader, NetworkLimits.LocationsMax, errors);
        var laneRows = ReadTable(lanesCsv, LanesFile, LanesHeader, NetworkLimits.LanesMax, errors);
        if (errors.Count > 0)
        {
            return NetworkParseResult.Failed(errors);
        }

        var locations = locationRows.Select(row => ToLocation(row, errors)).ToList();
        var lanes = laneRows.Select(row => ToLane(row, errors)).ToList();
        if (errors.Count > 0)
        {
            return NetworkParseResult.Failed(errors);
        }

        var network = new StoreNetwork(locations, lanes);
        var validation = network.Validate().Select(error => NameLine(error, locationRows, laneRows)).ToList();
        return validation.Count == 0 ? new NetworkParseResult(network, []) : NetworkParseResult.Failed(validation);
    }

    /// <summary>The locations file for <paramref name="network"/>.</summary>
    public static string WriteLocations(StoreNetwork network)
    {
        var text = new StringBuilder(LocationsHeader).Append('\n');
        foreach (var location in network.Locations)
        {
            WriteRow(text, [
                location.Id, location.City, Invariant(location.Latitude), Invariant(location.Longitude), NetworkJson.KindText(location.Kind),
                location.ClickAndCollect ? "true" : "false", NetworkText.FormatOpeningHours(location.OpeningHours),
                location.PickCapacityPerHour.ToString(CultureInfo.InvariantCulture), location.TimeZoneId]);
        }

        return text.ToString();
    }

    /// <summary>The lanes file for <paramref name="network"/> (explicit lanes only; derived lanes are recomputed on load).</summary>
    public static string WriteLanes(StoreNetwork network)
    {
        var text = new StringBuilder(LanesHeader).Append('\n');
        foreach (var lane in network.Lanes)
        {
            WriteRow(text, [
                lane.FromId, lane.ToId, lane.LeadTimeMinutes.ToString(CultureInfo.InvariantCulture),
                lane.CostPerUnit.ToString(CultureInfo.InvariantCulture), lane.CostPerShipment.ToString(CultureInfo.InvariantCulture),
                NetworkText.FormatDepartures(lane.Departures)]);
        }

        return text.ToString();
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static Location ToLocation(CsvRow row, List<string> errors)
    {
        var kind = NetworkJson.ParseKind(row.Field("kind"));
        if (kind is null)
        {
            errors.Add(row.Error("kind", $"'{row.Field("kind")}' is not 'store' or 'distributionCentre'"));
        }

        var hours = NetworkText.ParseOpeningHours(row.Field("opening_hours"), out var hoursError);
        if (hoursError is not null)
        {
            errors.Add(row.Error("opening_hours", hoursError));
        }

        return new Location(
            row.Field("id"), row.Field("city"), row.Double("latitude", errors), row.Double("longitude", errors), kind ?? LocationKind.Store,
            row.Boolean("click_and_collect", errors), hours ?? [], row.Integer("pick_capacity_per_hour", errors), row.Field("time_zone_id"));
    }

    private static Lane ToLane(CsvRow row, List<string> errors)
    {
        var departures = NetworkText.ParseDepartures(row.Field("departures"), out var departuresError);
        if (departuresError is not null)
        {
            errors.Add(row.Error("departures", departuresError));
        }

        return new Lane(
            row.Field("from"), row.Field("to"), row.Integer("lead_time_minutes", errors), row.Decimal("cost_per_unit", errors),
            row.Decimal("cost_per_shipment", errors), departures ?? []);
    }

    // Validation names model paths (lanes[3].to); CSV users also need the line number.
    private static string NameLine(string error, List<CsvRow> locationRows, List<CsvRow> laneRows)
    {
        foreach (var (prefix, rows) in new[] { ("locations[", locationRows), ("lanes[", laneRows) })
        {
            if (!error.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var close = error.IndexOf(']', StringComparison.Ordinal);
            if (int.TryParse(error.AsSpan(prefix.Length, close - prefix.Length), CultureInfo.InvariantCulture, out var index) && index < rows.Count)
            {
                return $"{rows[index].FileName} line {rows[index].LineNumber}: {error}";
            }
        }

        return error;
    }

    private static List<CsvRow> ReadTable(string? csv, string fileName, string expectedHeader, int rowsMax, List<string> errors)
    {
        var records = CsvReader.ReadRecords(csv ?? string.Empty, fileName, errors);
        var rows = new List<CsvRow>();
        if (records.Count > rowsMax + 1)
        {
            errors.Add($"{fileName}: at most {rowsMax} rows (this file has {records.Count - 1})");
            return rows;
        }

        if (records.Count == 0)
        {
            errors.Add($"{fileName}: missing header '{expectedHeader}'");
            return rows;
        }

        var header = records[0].Fields.Select(field => field.Trim().ToLowerInvariant()).ToArray();
        var missing = expectedHeader.Split(',').Where(column => !header.Contains(column)).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"{fileName} line 1: missing column(s) {string.Join(", ", missing)}");
            return rows;
        }

        for (var index = 1; index < records.Count; index++)
        {
            var record = records[index];
            if (record.Fields.Count == 1 && string.IsNullOrWhiteSpace(record.Fields[0]))
            {
                continue;
            }

            if (record.Fields.Count != header.Length)
            {
                errors.Add($"{fileName} line {record.LineNumber}: {record.Fields.Count} fields, expected {header.Length}");
                continue;
            }

            rows.Add(new CsvRow(fileName, record.LineNumber, rows.Count, header, record.Fields));
        }

        return rows;
    }

    private static void WriteRow(StringBuilder text, string[] fields)
    {
        for (var index = 0; index < fields.Length; index++)
        {
            if (index > 0)
            {
                text.Append(',');
            }

            var field = fields[index];
            var needsQuotes = field.AsSpan().IndexOfAny(",\"\r\n") >= 0;
            text.Append(needsQuotes ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field);
        }

        text.Append('\n');
    }

    private sealed class CsvRow(string fileName, int lineNumber, int rowIndex, string[] header, IReadOnlyList<string> fields)
    {
        public string FileName => fileName;

        public int LineNumber => lineNumber;

        public string Field(string column) => fields[Array.IndexOf(header, column)].Trim();

        public string Error(string column, string message) =>
            $"{fileName} line {lineNumber}, column {column} ({(fileName == LocationsFile ? "locations" : "lanes")}[{rowIndex}]): {message}";

        public double Double(string column, List<string> errors) =>
            Convert(column, errors, "a number", text => (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), value));

        public decimal Decimal(string column, List<string> errors) =>
            Convert(column, errors, "a decimal number", text => (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value), value));

        public int Integer(string column, List<string> errors) =>
            Convert(column, errors, "a whole number", text => (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value), value));

        public bool Boolean(string column, List<string> errors) =>
            Convert(column, errors, "true or false", text => (bool.TryParse(text, out var value), value));

        private T Convert<T>(string column, List<string> errors, string expected, Func<string, (bool Parsed, T Value)> parse)
        {
            var text = Field(column);
            var (parsed, value) = parse(text);
            if (!parsed)
            {
                errors.Add(Error(column, $"'{text}' is not {expected}"));
            }

            return value;
        }
    }
}
