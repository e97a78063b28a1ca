using System.Globalization;
using System.Text.Json;

namespace Allocation.Bench.Http;

/// <summary>
/// Every acknowledged reservation is readable in the state it was left: each row's acknowledgements (a uniform sample
/// beyond the limit) are read back with <c>GET /api/v1/reservations/{id}</c>; the status must match, and every line the
/// service answers with must name its source store (for solver-chosen lines: the store the solver chose).
/// </summary>
internal static class HoldReadBack
{
    private const int ParallelReadsMax = 64;

    public static async Task CheckAsync(
        VerificationReport report, HttpClient client, IReadOnlyList<RowResult> rows, int sampleMax, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var sample = rows.SelectMany(row => Sample(row.Acknowledged, sampleMax, random)).ToList();
        var read = 0L;
        await Parallel.ForEachAsync(sample, new ParallelOptions { MaxDegreeOfParallelism = ParallelReadsMax, CancellationToken = cancellationToken }, async (reservation, token) =>
        {
            await CheckOneAsync(report, client, reservation, token);
            Interlocked.Increment(ref read);
        });
        var acknowledged = rows.Sum(row => row.Acknowledged.Count);
        report.Checked.Add(string.Create(CultureInfo.InvariantCulture, $"{read:N0} of {acknowledged:N0} acknowledged reservations read back"));
    }

    private static IEnumerable<AcknowledgedReservation> Sample(IReadOnlyList<AcknowledgedReservation> acknowledged, int sampleMax, Random random)
    {
        if (acknowledged.Count <= sampleMax)
            return acknowledged;
        var chosen = acknowledged.ToArray();
        random.Shuffle(chosen);
        return chosen.Take(sampleMax);
    }

    private static async Task CheckOneAsync(VerificationReport report, HttpClient client, AcknowledgedReservation reservation, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/v1/reservations/{reservation.ReservationId}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            report.Fail($"acknowledged reservation {reservation.ReservationId} reads {(int)response.StatusCode}");
            return;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        var status = document.RootElement.GetProperty("status").GetString();
        if (status != reservation.ExpectedStatus)
            report.Fail($"reservation {reservation.ReservationId} reads {status}, was left {reservation.ExpectedStatus}");
        if (document.RootElement.TryGetProperty("lines", out var lines)
            && (lines.GetArrayLength() == 0 || lines.EnumerateArray().Any(line => line.GetProperty("storeId").GetString() is not { Length: > 0 })))
            report.Fail($"reservation {reservation.ReservationId} has a line without a source store: {lines}");
    }
}
