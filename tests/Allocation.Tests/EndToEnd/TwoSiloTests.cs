using Allocation.Tests.Infrastructure;
using Allocation.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// Scaling out is adding silos: hosts on one database join one cluster through ADO.NET membership, and a SKU-store
/// has one activation cluster-wide, so holds taken through any host draw on the same units and never oversell; when a
/// host dies, the others take over its grains from what is durable.
/// </summary>
public sealed class TwoSiloTests(ITestOutputHelper output)
{
    private const int ActiveStatus = 3;

    private const int DeadStatus = 6;

    /// <summary>Three hosts, each on an address of its own (Linux routes all of 127.0.0.0/8 to the loopback device).</summary>
    private static readonly string[] HostAddresses = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];

    private const int KilledHost = 2;

    /// <summary>SKU-stores the load spreads over: enough that each host activates some of them.</summary>
    private const int SkuCount = 8;

    private const int UnitsPerSku = 60;

    private const int ClientsPerHost = 3;

    private const int PoolSizeMax = 30;

    /// <summary>Holds acknowledged before the kill, so the cluster is under load and grains live on every host.</summary>
    private const int AcknowledgedBeforeKillMin = 120;

    /// <summary>A bound on the whole load, far above what selling out takes (about 10-20 s here): a hang fails the test, not the run.</summary>
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Reserve_ThroughEitherOfTwoSilos_SharesOneStockCountAndNeverOversells()
    {
        await using var database = await TestDatabases.CreateAsync();
        var settings = HostFixture.Settings(database.ConnectionString);
        await using var first = await HostProcess.StartAsync(settings);
        await using var second = await HostProcess.StartAsync(settings);
        var sku = "TWO-" + Guid.NewGuid().ToString("N")[..8];
        (await first.Client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "two silos" })).Response.EnsureSuccessStatusCode();
        var storeId = (await first.Client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        (await first.Client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = 10, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();

        var viaFirst = await first.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("two-1", sku, storeId, 3));
        var seenBySecond = await second.Client.SendAsync(HttpMethod.Get, "/api/v1/reservations/two-1");
        var viaSecond = await second.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("two-2", sku, storeId, 7));
        var oneTooMany = await first.Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body("two-3", sku, storeId, 1));

        var active = await database.ScalarAsync<long>($"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{settings["Allocation:Host:ClusterId"]}' AND status = {ActiveStatus}");
        Assert.Equal(2, active);
        Assert.Equal(HttpStatusCode.Created, viaFirst.Response.StatusCode);
        Assert.Equal("Held", seenBySecond.Body!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, viaSecond.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, oneTooMany.Response.StatusCode);
        Assert.Equal(0, await first.Client.AvailableAsync(sku, storeId));
        Assert.Equal(0, await second.Client.AvailableAsync(sku, storeId));
    }

    private static object Body(string id, string sku, string storeId, int quantity) =>
        new { reservationId = id, ttlSeconds = 3600, lines = new[] { new { sku, storeId, quantity } } };

    [Fact]
    public async Task Reserve_ThreeHostsOneKilledUnderLoad_OthersTakeOverWithNoOversellAndNoAcknowledgedHoldLost()
    {
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        // Each host opens two pools (the ledger's and Orleans' storage and clustering): capped, three hosts stay well
        // within the server's max_connections, as a deployment sizes them.
        var settings = HostFixture.Settings(database.ConnectionString + ";Maximum Pool Size=" + PoolSizeMax);
        var hosts = new List<HostProcess>();
        try
        {
            foreach (var address in HostAddresses)
            {
                hosts.Add(await HostProcess.StartAsync(new Dictionary<string, string>(settings) { [HostProcess.AdvertisedAddressKey] = address }));
            }

            var (skus, storeId) = await StockAsync(hosts);
            var load = new ClusterLoad(skus, storeId);
            var clients = hosts.SelectMany((host, index) => Enumerable.Range(0, ClientsPerHost)
                .Select(client => load.RunClientAsync($"h{index}c{client}", index == KilledHost ? [host, hosts[0]] : [host]))).ToList();
            await Task.WhenAny(load.Enough(AcknowledgedBeforeKillMin), Task.WhenAll(clients));
            Assert.True(load.Acknowledged.Count >= AcknowledgedBeforeKillMin, "the load never got going:" + Environment.NewLine + hosts[0].Output);

            load.MarkKill();
            await hosts[KilledHost].KillAsync();
            var all = Task.WhenAll(clients);
            Assert.True(await Task.WhenAny(all, Task.Delay(LoadTimeout)) == all, "the load did not finish: a SKU never sold out");

            var survivors = hosts.Where((_, index) => index != KilledHost).ToList();
            output.WriteLine(load.Summary());
            foreach (var survivor in survivors)
            {
                // Why calls failed, as the hosts logged it (first lines of each distinct failure).
                var failures = survivor.Output.Split('\n').Where(line => line.Contains("Exception", StringComparison.Ordinal) && !line.TrimStart().StartsWith("at ", StringComparison.Ordinal)).Distinct().Take(8);
                output.WriteLine(string.Join(Environment.NewLine, failures));
            }

            // A call the dying host never answered has no status; any other unanswered call is a 503, never a 500.
            Assert.All(load.Unanswered, call => Assert.True(call.Status is null or HttpStatusCode.ServiceUnavailable, $"{call.ReservationId}: {call.Status}"));
            await RetryUnansweredAsync(load, survivors);
            await AssertEveryHoldAccountedForAsync(load, survivors);
            var dead = await database.ScalarAsync<long>($"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{settings["Allocation:Host:ClusterId"]}' AND status = {DeadStatus}");
            Assert.Equal(1, dead);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// What a checkout does with a call that got no answer: repeat it with the same id (repeats are safe). A hold the
    /// killed host stored but never answered for is then found and recorded, or, if none was stored, the repeat is
    /// answered afresh; either way nothing stays held that no reservation accounts for.
    /// </summary>
    private static async Task RetryUnansweredAsync(ClusterLoad load, List<HostProcess> survivors)
    {
        foreach (var (index, (reservationId, _)) in load.Unanswered.Index())
        {
            var sku = load.Tried.First(tried => tried.ReservationId == reservationId).Sku;
            var (response, _) = await survivors[index % survivors.Count].Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", ClusterLoad.Body(reservationId, sku, load.StoreId));
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict, $"repeat of {reservationId}: {response.StatusCode}");
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                load.Acknowledged[reservationId] = sku;
            }
        }
    }

    /// <summary>
    /// Every reservation tried, answered or not, is read back through each survivor: an acknowledged one is held, and a
    /// SKU's units held equal the held reservations of it, never more than its stock.
    /// </summary>
    private static async Task AssertEveryHoldAccountedForAsync(ClusterLoad load, List<HostProcess> survivors)
    {
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (index, (reservationId, sku)) in load.Tried.Index())
        {
            var client = survivors[index % survivors.Count].Client;
            var (response, reservation) = await client.SendAsync(HttpMethod.Get, $"/api/v1/reservations/{reservationId}");
            if (load.Acknowledged.ContainsKey(reservationId))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged {reservationId} answers {response.StatusCode}");
                Assert.Equal("Held", reservation!["status"]!.GetValue<string>());
            }

            if (response.StatusCode == HttpStatusCode.OK && reservation!["status"]!.GetValue<string>() == "Held")
            {
                held[sku] = held.GetValueOrDefault(sku) + 1;
            }
        }

        foreach (var sku in load.Skus)
        {
            foreach (var survivor in survivors)
            {
                var available = await survivor.Client.AvailableAsync(sku, load.StoreId);
                Assert.Equal(UnitsPerSku - held.GetValueOrDefault(sku), available);
            }
        }
    }

    /// <summary>Each SKU-store's first call through a different host, so its grain may live on any of them, the killed one included.</summary>
    private static async Task<(List<string> Skus, string StoreId)> StockAsync(List<HostProcess> hosts)
    {
        var storeId = (await hosts[0].Client.SendAsync(HttpMethod.Get, "/api/v1/stores")).Body![0]!["storeId"]!.GetValue<string>();
        var skus = new List<string>();
        for (var index = 0; index < SkuCount; index++)
        {
            var client = hosts[index % hosts.Count].Client;
            var sku = $"KILL-{index}-" + Guid.NewGuid().ToString("N")[..8];
            (await client.SendAsync(HttpMethod.Put, $"/api/v1/skus/{sku}", new { name = "kill test" })).Response.EnsureSuccessStatusCode();
            (await client.SendAsync(HttpMethod.Post, $"/api/v1/stock/{sku}/stores/{storeId}/receipts", new { quantity = UnitsPerSku, documentId = "grn-1" })).Response.EnsureSuccessStatusCode();
            skus.Add(sku);
        }

        return (skus, storeId);
    }

    /// <summary>Checkout clients holding one unit at a time over every SKU in turn, until every SKU answers sold out.</summary>
    private sealed class ClusterLoad(List<string> skus, string storeId)
    {
        private readonly TaskCompletionSource enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, long> firstWriteAfterKill = new(StringComparer.Ordinal);
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int requiredAcknowledged = int.MaxValue;
        private long killedAt = long.MaxValue;
        private long longestCallTicks;

        public List<string> Skus => skus;

        public string StoreId => storeId;

        public ConcurrentDictionary<string, string> Acknowledged { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<(string ReservationId, string Sku)> Tried { get; } = new();

        public ConcurrentQueue<(string ReservationId, HttpStatusCode? Status)> Unanswered { get; } = new();

        public int AcknowledgedBeforeKill { get; private set; }

        public TimeSpan LongestCall => TimeSpan.FromTicks(Interlocked.Read(ref longestCallTicks));

        public static object Body(string reservationId, string sku, string storeId) =>
            new { reservationId, ttlSeconds = 3600, lines = new[] { new { sku, storeId, quantity = 1 } } };

        public string Summary() =>
            $"{Tried.Count} calls over {clock.Elapsed.TotalSeconds:F1} s: {Acknowledged.Count} holds acknowledged ({AcknowledgedBeforeKill} before the kill), " +
            $"{Unanswered.Count} without an answer ({string.Join(", ", Unanswered.GroupBy(call => call.Status).Select(group => $"{group.Key?.ToString() ?? "no response"}: {group.Count()}"))}); " +
            $"after the kill every SKU answered within {TakeOverTime().TotalSeconds:F1} s; longest call {LongestCall.TotalSeconds:F1} s";

        public Task Enough(int count)
        {
            requiredAcknowledged = count;
            return enough.Task;
        }

        public void MarkKill()
        {
            AcknowledgedBeforeKill = Acknowledged.Count;
            Interlocked.Exchange(ref killedAt, clock.ElapsedTicks);
        }

        /// <summary>From the kill until the last SKU took its first write (a hold, or a sold-out answer from its grain).</summary>
        public TimeSpan TakeOverTime() =>
            firstWriteAfterKill.IsEmpty ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, firstWriteAfterKill.Values.Max() - Interlocked.Read(ref killedAt));

        /// <summary>
        /// Calls go to the first host; when it is gone (connection refused), to the next, as a load balancer would.
        /// A call with no answer (the host died under it, a 5xx) is unknown: it may have been stored.
        /// </summary>
        public async Task RunClientAsync(string name, IReadOnlyList<HostProcess> hosts)
        {
            var soldOut = new HashSet<string>(StringComparer.Ordinal);
            var hostIndex = 0;
            for (var attempt = 0; soldOut.Count < skus.Count && clock.Elapsed < LoadTimeout; attempt++)
            {
                var sku = skus[attempt % skus.Count];
                if (soldOut.Contains(sku))
                {
                    continue;
                }

                var reservationId = $"{name}-{attempt}";
                Tried.Enqueue((reservationId, sku));
                var started = clock.ElapsedTicks;
                HttpStatusCode? status;
                try
                {
                    status = (await hosts[hostIndex].Client.SendAsync(HttpMethod.Post, "/api/v1/reservations", Body(reservationId, sku, storeId))).Response.StatusCode;
                }
                catch (HttpRequestException) when (hostIndex + 1 < hosts.Count)
                {
                    hostIndex++;
                    status = null;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    status = null;
                }

                Record(reservationId, sku, status, started, soldOut);
            }
        }

        private void Record(string reservationId, string sku, HttpStatusCode? status, long started, HashSet<string> soldOut)
        {
            var now = clock.ElapsedTicks;
            var duration = Stopwatch.GetElapsedTime(0, now - started).Ticks;
            for (var longest = Interlocked.Read(ref longestCallTicks); duration > longest; longest = Interlocked.Read(ref longestCallTicks))
            {
                Interlocked.CompareExchange(ref longestCallTicks, duration, longest);
            }

            var answeredByGrain = status is HttpStatusCode.Created or HttpStatusCode.Conflict;
            if (answeredByGrain && started > Interlocked.Read(ref killedAt))
            {
                firstWriteAfterKill.TryAdd(sku, now);
            }

            switch (status)
            {
                case HttpStatusCode.Created:
                    Acknowledged[reservationId] = sku;
                    if (Acknowledged.Count >= requiredAcknowledged)
                    {
                        enough.TrySetResult();
                    }

                    break;
                case HttpStatusCode.Conflict:
                    soldOut.Add(sku);
                    break;
                default:
                    Unanswered.Enqueue((reservationId, status));
                    break;
            }
        }
    }
}
