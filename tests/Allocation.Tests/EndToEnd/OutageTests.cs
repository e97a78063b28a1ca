using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// PostgreSQL goes away under load and comes back: meanwhile calls answer 503 problems with Retry-After (never 500,
/// never an acknowledged change that is not stored), and afterwards the host serves again by itself, with every hold it
/// acknowledged before, during or after the outage still held. The server is one of the test's own, never the shared one.
/// </summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    /// <summary>
    /// 10 s in CI: past every timeout on the write path that could paper over the outage (a ledger batch fails at its
    /// first statement; connection attempts to a stopped server are refused at once), so a longer outage only repeats
    /// the same failures. ALLOCATION_OUTAGE_SECONDS=30 runs the figure (measured in docs/benchmarks.md).
    /// </summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("ALLOCATION_OUTAGE_SECONDS"), out var seconds) ? seconds : 10);

    /// <summary>From the server's restart until the first new hold is acknowledged; measured: a few seconds.</summary>
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    private const int Clients = 6;

    private const int AcknowledgedBeforeOutageMin = 40;

    private const int StockUnits = 1_000_000;

    [Fact]
    public async Task Reserve_PostgresStoppedUnderLoad_503WithRetryAfterThenRecoversWithNothingAcknowledgedLost()
    {
        await using var cluster = await TemporaryPostgresCluster.StartAsync();
        var databaseName = "outage_" + Guid.NewGuid().ToString("N")[..12];
        await using var host = await HostProcess.StartAsync(HostFixture.Settings(await cluster.CreateServiceDatabaseAsync(databaseName, "outage_service")));
        var (sku, storeId) = await StockAsync(host.Client);
        var load = new OutageLoad(host.Client, sku, storeId);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(client => load.RunClientAsync($"c{client}", stop.Token)).ToList();
        await Task.WhenAny(load.AcknowledgedAtLeast(AcknowledgedBeforeOutageMin), Task.WhenAll(clients));
        Assert.True(load.Acknowledged.Count >= AcknowledgedBeforeOutageMin, "the load never got going:" + Environment.NewLine + host.Output);

        await cluster.StopServerAsync();
        var stoppedAt = Stopwatch.GetTimestamp();
        await Task.Delay(Outage);
        load.MarkRestart();
        await cluster.StartServerAsync();
        await Task.WhenAny(load.AcknowledgedAfterRestart(), Task.Delay(RecoveryTimeout));
        var recovered = load.RecoveredAfter is not null;
        stop.Cancel();
        await Task.WhenAll(clients);

        output.WriteLine(load.Summary(Stopwatch.GetElapsedTime(stoppedAt)));
        Assert.True(recovered, "no hold was acknowledged after PostgreSQL came back:" + Environment.NewLine + host.Output);
        Assert.True(load.Unavailable > 0, "no call answered 503 during the outage");
        Assert.Empty(load.Unexpected);
        await RetryUnknownAsync(load, host.Client);
        var held = 0;
        foreach (var reservationId in load.Tried)
        {
            var (response, reservation) = await host.Client.SendAsync(HttpMethod.Get, $"/api/v1/reservations/{reservationId}");
            Assert.True(!load.Acknowledged.ContainsKey(reservationId) || response.StatusCode == HttpStatusCode.OK, $"acknowledged {reservationId} answers {response.StatusCode}");
            held += response.StatusCode == HttpStatusCode.OK && reservation!["status"]!.GetValue<string>() == "Held" ? 1 : 0;
        }

        // Every call was answered 201 at once or after a repeat, so every one holds its unit, and nothing else does.
        Assert.Equal((load.Tried.Count, load.Tried.Count), (load.Acknowledged.Count, held));
        Assert.Equal(StockUnits - held, await host.Client.AvailableAsync(sku, storeId));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);
    }

    /// <summary>A 503 says the outcome is unknown: the checkout repeats the call with the same id, and then it is answered.</summary>
    private static async Task RetryUnknownAsync(OutageLoad load, HttpClient client)
    {
        foreach (var reservationId in load.Unknown)
        {
            var (response, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/reservations", OutageLoad.Body(reservationId, load.Sku, load.StoreId));
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"repeat of {reservationId}: {response.StatusCode}");
            load.Acknowledged[reservationId] = true;
        }
    }

    private static async Task<(string Sku, string StoreId)> StockAsync(HttpClient client)
    {
        var sku = "OUT-" + Guid.NewGuid().ToString("N")[..8];
        (await client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "outage" })).Response.EnsureSuccessStatusCode();
        var storeId = (await client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        (await client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = StockUnits, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();
        return (sku, storeId);
    }

    /// <summary>Checkout clients holding one unit at a time; a 503 is waited out for its Retry-After, as a client should.</summary>
    private sealed class OutageLoad(HttpClient client, string sku, string storeId)
    {
        /// <summary>Between calls after a 503: shorter than Retry-After so the test sees many 503s, still not a tight loop.</summary>
        private static readonly TimeSpan PauseAfterUnavailable = TimeSpan.FromMilliseconds(200);

        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly TaskCompletionSource afterRestart = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int required = int.MaxValue;
        private int unavailable;
        private long restartedAt = long.MaxValue;

        public string Sku => sku;

        public string StoreId => storeId;

        public ConcurrentDictionary<string, bool> Acknowledged { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Tried { get; } = new();

        /// <summary>Calls answered 503: their outcome is unknown until repeated.</summary>
        public ConcurrentQueue<string> Unknown { get; } = new();

        /// <summary>Anything but 201, or 503 with Retry-After and a problem body.</summary>
        public ConcurrentQueue<string> Unexpected { get; } = new();

        public int Unavailable => Volatile.Read(ref unavailable);

        public TimeSpan? RecoveredAfter { get; private set; }

        public static object Body(string reservationId, string sku, string storeId) =>
            new { reservationId, ttlSeconds = 3600, lines = new[] { new { sku, storeId, quantity = 1 } } };

        public Task AcknowledgedAtLeast(int count)
        {
            required = count;
            return enough.Task;
        }

        public Task AcknowledgedAfterRestart() => afterRestart.Task;

        public void MarkRestart() => Interlocked.Exchange(ref restartedAt, clock.ElapsedTicks);

        public string Summary(TimeSpan sinceStop) =>
            $"{Tried.Count} calls: {Acknowledged.Count} holds acknowledged, {Unavailable} answered 503 with Retry-After, {Unexpected.Count} other answers; " +
            $"outage {Outage.TotalSeconds:F0} s; first hold acknowledged {RecoveredAfter?.TotalSeconds:F1} s after PostgreSQL restarted ({sinceStop.TotalSeconds:F1} s after the stop)";

        public async Task RunClientAsync(string name, CancellationToken stop)
        {
            for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
            {
                var reservationId = $"{name}-{attempt}";
                Tried.Enqueue(reservationId);
                var started = clock.ElapsedTicks;
                System.Net.Http.HttpResponseMessage response;
                System.Text.Json.Nodes.JsonNode? problem;
                try
                {
                    (response, problem) = await client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body(reservationId, sku, storeId));
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    // The host stays up through the outage: a call that is never answered is a failure of the test.
                    Unexpected.Enqueue($"{reservationId}: {exception.Message}");
                    Unknown.Enqueue(reservationId);
                    continue;
                }

                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        Acknowledged[reservationId] = true;
                        NoteAcknowledged(started);
                        break;
                    case HttpStatusCode.ServiceUnavailable when IsUnavailableProblem(response, problem):
                        Interlocked.Increment(ref unavailable);
                        Unknown.Enqueue(reservationId);
                        await Task.Delay(PauseAfterUnavailable, CancellationToken.None);
                        break;
                    default:
                        Unexpected.Enqueue($"{reservationId}: {(int)response.StatusCode} {problem.Text()}");
                        Unknown.Enqueue(reservationId);
                        break;
                }
            }
        }

        private static bool IsUnavailableProblem(HttpResponseMessage response, System.Text.Json.Nodes.JsonNode? problem) =>
            response.Headers.RetryAfter?.Delta is not null && problem?["type"]?.GetValue<string>() == "/problems/unavailable";

        private void NoteAcknowledged(long started)
        {
            if (Acknowledged.Count >= required)
            {
                enough.TrySetResult();
            }

            var restart = Interlocked.Read(ref restartedAt);
            if (started > restart && RecoveredAfter is null)
            {
                RecoveredAfter = Stopwatch.GetElapsedTime(0, clock.ElapsedTicks - restart);
                afterRestart.TrySetResult();
            }
        }
    }
}
