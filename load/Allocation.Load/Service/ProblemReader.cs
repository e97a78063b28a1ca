using System.Text.Json;

namespace Allocation.Load.Service;

/// <summary>Reads an RFC 7807 answer: its type, a one-line summary, and "current" (the reservation a refusal names).</summary>
internal static class ProblemReader
{
    private const int SummaryLengthMax = 300;

    public static async Task<Problem<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
            var detail = root.TryGetProperty("detail", out var detailElement) ? detailElement.GetString() : null;
            var current = root.TryGetProperty("current", out var currentElement) && currentElement.ValueKind == JsonValueKind.Object
                ? currentElement.Deserialize<T>(ServiceJson.Options)
                : default;
            return new Problem<T>(type, Shorten($"{status}: {detail ?? type ?? "no detail"}"), current);
        }
        catch (JsonException)
        {
            return new Problem<T>(null, Shorten($"{status}: {text}"), default);
        }
    }

    private static string Shorten(string text) => text.Length <= SummaryLengthMax ? text : text[..SummaryLengthMax];
}
