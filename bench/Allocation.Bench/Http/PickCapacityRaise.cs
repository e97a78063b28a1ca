using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Allocation.Bench.Http;

/// <summary>
/// Raises every location's pick capacity through the network API (GET the document, set pickCapacityPerHour, PUT it
/// back), the way restocking raises stock: the demo network picks about 4,400 orders an hour in all, which a
/// solver-chosen row at a few thousand reservations a second would use up within its run, and every later answer
/// would be "cannot allocate". The benchmark measures speed; the tests measure limits.
/// </summary>
internal static class PickCapacityRaise
{
    /// <summary>Per location and hour; the service accepts at most 100,000 (PickLimits.PicksPerHourMax).</summary>
    public const int PicksPerHourForBenchmark = 50_000;

    private const string NetworkUri = "/api/v1/network/";

    public static async Task RaiseAsync(HttpClient client, TextWriter log, CancellationToken cancellationToken)
    {
        var document = JsonNode.Parse(await client.GetStringAsync(NetworkUri, cancellationToken))
            ?? throw new InvalidOperationException("GET /api/v1/network answered nothing");
        var locations = document["locations"]?.AsArray() ?? throw new InvalidOperationException("the network document has no locations");
        foreach (var location in locations)
            location!["pickCapacityPerHour"] = PicksPerHourForBenchmark;
        using var content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(NetworkUri, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT /api/v1/network answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"host: pick capacity of {locations.Count} locations raised to {PicksPerHourForBenchmark:N0} an hour"));
    }
}
