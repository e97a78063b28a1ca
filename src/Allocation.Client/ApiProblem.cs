using System.Text.Json;

namespace Allocation.Client;

/// <summary>
/// An RFC 7807 problem the service answered with: its type (stable, see ProblemTypes), title, detail, the fields at
/// fault with their messages, and the extensions some problems carry.
/// </summary>
public sealed record ApiProblem(
    int Status,
    string? Type,
    string? Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyDictionary<string, JsonElement> Extensions)
{
    /// <summary>For an answer without a problem body (a proxy's 502, a dropped connection): what was seen instead.</summary>
    public static ApiProblem Without(int status, string detail) => new(status, null, null, detail, Empty, EmptyExtensions);

    /// <summary>Tries left after a wrong pickup code.</summary>
    public int? AttemptsRemaining => Extension<int?>("attemptsRemaining");

    /// <summary>The order's state when a step was not allowed in it.</summary>
    public string? State => Extension<string>("state");

    /// <summary>The short lines of an out-of-stock basket.</summary>
    public IReadOnlyList<Reservations.StockShortage> Shortages => Extension<List<Reservations.StockShortage>>("shortages") ?? [];

    /// <summary>When a basket that cannot be allocated in time could be ready at the earliest.</summary>
    public DateTimeOffset? EarliestPossibleReadyAt => Extension<DateTimeOffset?>("earliestPossibleReadyAt");

    /// <summary>One line for logs: status, type and detail, then each field at fault.</summary>
    public override string ToString()
    {
        var fields = Errors.Count == 0 ? "" : " (" + string.Join("; ", Errors.Select(error => $"{error.Key}: {string.Join(", ", error.Value)}")) + ")";
        return $"{Status} {Type ?? "no problem type"}: {Detail ?? Title ?? "no detail"}{fields}";
    }

    /// <summary>An extension member read as <typeparamref name="T"/>; default when absent or of another shape.</summary>
    public T? Extension<T>(string name)
    {
        if (!Extensions.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return default;
        }

        try
        {
            return element.Deserialize<T>(WireJson.Options);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();
    private static readonly IReadOnlyDictionary<string, JsonElement> EmptyExtensions = new Dictionary<string, JsonElement>();
}
