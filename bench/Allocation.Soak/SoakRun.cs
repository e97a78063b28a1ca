using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Soak;

/// <summary>
/// Drives one simulated day after another through the real API: stock arrives, orders are reserved and paid at the
/// stores, staff start waves, pick and hand over, a few orders are cancelled and a few never collected (the no-show
/// sweep closes them). The business clock moves an hour at a time, so the service's own sweeps (recovery, no-shows,
/// retention) run as they would. Latencies are measured per call on the driver's clock (Stopwatch). Each phase runs
/// everything it can side by side (every store's picking at once, every order's steps at once) and
/// <see cref="SoakOptions.Concurrency"/> bounds the requests in flight; per order it sends only what staff and
/// customers would: reserve, confirm (cancel), pick, ready (only when the pick did not make the order ready), pickup
/// code, collect.
/// </summary>
internal sealed class SoakRun(SoakOptions options, HttpClient client, FakeTimeProvider time, IReadOnlyList<string> stores)
{
    public const string Sku = "SOAK-1";

    private readonly SemaphoreSlim inFlight = new(options.Concurrency);

    public WeekSamples Samples { get; private set; } = new();

    public WeekSamples TakeSamples()
    {
        var taken = Samples;
        Samples = new WeekSamples();
        return taken;
    }

    public async Task RunDayAsync(int day)
    {
        var phase = Stopwatch.StartNew();
        await ReceiveAsync(day);
        var orders = Enumerable.Range(0, options.OrdersPerDay).Select(index => new SoakOrder($"d{day}-o{index}", stores[index % stores.Count], Fate(index))).ToList();
        await Task.WhenAll(orders.Select(ReserveAndPayAsync));
        Samples.Phases.Add("checkout", phase.Elapsed);
        await AdvanceHoursAsync(1);
        phase.Restart();
        var burst = new MorningBurst(stores.Count);
        await Task.WhenAll(stores.Select(store => PickStoreAsync(day, store, burst)));
        Samples.Bursts.Add(burst.Taken!);
        Samples.Phases.Add("picking", phase.Elapsed);
        await AdvanceHoursAsync(1);
        phase.Restart();
        var collected = orders.Where(order => order.Fate == OrderFate.Collected && order.Paid).ToList();
        await Task.WhenAll(collected.Select(CollectAsync));
        Samples.Phases.Add("handover", phase.Elapsed);
        phase.Restart();
        await Task.WhenAll(stores.Select(store => SampleListsAsync(store, Samples.PickListAfterHandovers, Samples.HandoverListAfterHandovers)));

        Samples.Phases.Add("lists", phase.Elapsed);
        phase.Restart();
        await AdvanceHoursAsync(22);
        Samples.Phases.Add("clock", phase.Elapsed);
        Samples.Orders += orders.Count;
        Samples.Failures += orders.Count(order => !order.Paid);
    }

    private OrderFate Fate(int index)
    {
        var percent = index % 100;
        return percent < options.CancelPercent ? OrderFate.Cancelled
            : percent < options.CancelPercent + options.NoShowPercent ? OrderFate.NoShow
            : OrderFate.Collected;
    }

    private async Task ReceiveAsync(int day)
    {
        var perStore = (options.OrdersPerDay / stores.Count) + 1;
        await Task.WhenAll(stores.Select(async store =>
        {
            using var response = await SendAsync(() => client.PostAsJsonAsync($"/api/v1/stock/{Sku}/stores/{store}/receipts", new { quantity = perStore, documentId = $"soak-grn-d{day}-{store}" }));
            response.EnsureSuccessStatusCode();
        }));
    }

    private async Task ReserveAndPayAsync(SoakOrder order)
    {
        using var reserved = await SendAsync(() => client.PostAsJsonAsync("/api/v1/reservations", new
        {
            reservationId = order.Id,
            ttlSeconds = 900,
            pickupStoreId = order.Store,
            lines = new[] { new { sku = Sku, storeId = order.Store, quantity = 1 } },
        }), Samples.Reserve);
        if (!reserved.IsSuccessStatusCode)
        {
            return;
        }

        using var confirmed = await SendAsync(() => client.PostAsync($"/api/v1/reservations/{order.Id}/confirm", null));
        order.Paid = confirmed.IsSuccessStatusCode;
        if (order.Paid && order.Fate == OrderFate.Cancelled)
        {
            using var cancelled = await SendAsync(() => client.PostAsJsonAsync($"/api/v1/orders/{order.Id}/cancel", new { requestId = "cancel-" + order.Id, reason = "changed mind" }));
            cancelled.EnsureSuccessStatusCode();
        }
    }

    private async Task PickStoreAsync(int day, string store, MorningBurst burst)
    {
        await SampleListsAsync(store, Samples.PickListBeforePicking, Samples.HandoverListBeforePicking);
        burst.ListsRead();
        for (var wave = 0; ; wave++)
        {
            using var started = await SendAsync(() => client.PostAsJsonAsync($"/api/v1/stores/{store}/waves", new { requestId = $"wave-d{day}-{store}-{wave}" }));
            started.EnsureSuccessStatusCode();
            var body = await started.Content.ReadFromJsonAsync<JsonNode>();
            var lines = body!["lines"]!.AsArray();
            var orders = body["orderIds"]!.AsArray().Count;
            // Staff pick the wave's lines side by side (one picker per line, as many as requests may be in flight).
            await Task.WhenAll(lines.Select(line => PickLineAsync(store, line!)));
            if (orders < SoakOptions.WaveOrdersMax)
            {
                // A wave with room to spare took every order there was: staff do not ask for another.
                return;
            }
        }
    }

    private async Task PickLineAsync(string store, JsonNode line)
    {
        var orderId = line["orderId"]!.GetValue<string>();
        using var picked = await SendAsync(() => client.PostAsJsonAsync($"/api/v1/stores/{store}/orders/{orderId}/picks",
            new { requestId = "pick-" + orderId, sku = line["sku"]!.GetValue<string>(), quantityFound = line["quantity"]!.GetValue<int>() }));
        picked.EnsureSuccessStatusCode();
        var answer = await picked.Content.ReadFromJsonAsync<JsonNode>();
        if (answer!["order"]!["state"]!.GetValue<string>() != "Ready")
        {
            // The last pick at the pickup store makes the order ready by itself; otherwise staff mark it ready.
            using var ready = await SendAsync(() => client.PostAsJsonAsync($"/api/v1/stores/{store}/orders/{orderId}/ready", new { requestId = "ready-" + orderId }));
            ready.EnsureSuccessStatusCode();
        }
    }

    private async Task CollectAsync(SoakOrder order)
    {
        using var code = await SendAsync(() => client.GetAsync($"/api/v1/orders/{order.Id}/pickup-code"));
        if (!code.IsSuccessStatusCode)
        {
            await NoteUncollectedAsync(order, "pickup code", code);
            return;
        }

        var body = await code.Content.ReadFromJsonAsync<JsonNode>();
        using var collected = await SendAsync(() => client.PostAsJsonAsync($"/api/v1/stores/{order.Store}/orders/{order.Id}/collect",
            new { requestId = "collect-" + order.Id, pickupCode = body!["code"]!.GetValue<string>() }));
        if (!collected.IsSuccessStatusCode)
        {
            await NoteUncollectedAsync(order, "collect", collected);
        }
    }

    /// <summary>Counts an order meant to be collected that was not, and keeps why: the refused step's answer and the order as it stands.</summary>
    private async Task NoteUncollectedAsync(SoakOrder order, string step, HttpResponseMessage refused)
    {
        var answer = await refused.Content.ReadAsStringAsync();
        using var now = await SendAsync(() => client.GetAsync($"/api/v1/orders/{order.Id}"));
        var stored = await now.Content.ReadAsStringAsync();
        Samples.CountUncollected($"{order.Id} at {order.Store}: {step} answered {(int)refused.StatusCode} {Clip(answer)}; the order now: {(int)now.StatusCode} {Clip(stored)}");
    }

    private static string Clip(string text) => text.Length <= WeekSamples.UncollectedTextCharsMax ? text : text[..WeekSamples.UncollectedTextCharsMax] + "...";

    /// <summary>
    /// A store's pick list and handover list, one after the other; their latencies also go to <paramref name="pickListAt"/>
    /// and <paramref name="handoverListAt"/> (where in the day they were read).
    /// </summary>
    private async Task SampleListsAsync(string store, System.Collections.Concurrent.ConcurrentBag<double> pickListAt, System.Collections.Concurrent.ConcurrentBag<double> handoverListAt)
    {
        using (var pickList = await SendAsync(() => client.GetAsync($"/api/v1/stores/{store}/pick-list"), Samples.PickList, pickListAt))
        {
            pickList.EnsureSuccessStatusCode();
        }

        using var handover = await SendAsync(() => client.GetAsync($"/api/v1/stores/{store}/orders"), Samples.HandoverList, handoverListAt);
        handover.EnsureSuccessStatusCode();
        var listed = await handover.Content.ReadFromJsonAsync<JsonNode>();
        Samples.CountHandoverListed(listed!["orders"]!.AsArray().Count);
    }

    /// <summary>
    /// One request once there is room for it (at most <see cref="SoakOptions.Concurrency"/> in flight); its latency,
    /// from sending to the answer's headers, is added to <paramref name="latencies"/>. Time waiting for room is not
    /// latency: the service never saw the request.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, System.Collections.Concurrent.ConcurrentBag<double>? latencies = null, System.Collections.Concurrent.ConcurrentBag<double>? alsoTo = null)
    {
        await inFlight.WaitAsync();
        try
        {
            var started = Stopwatch.GetTimestamp();
            var response = await send();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            latencies?.Add(elapsed);
            alsoTo?.Add(elapsed);
            return response;
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>An hour at a time, with a pause for the background passes the clock just released to run.</summary>
    private async Task AdvanceHoursAsync(int hours)
    {
        for (var hour = 0; hour < hours; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}

internal enum OrderFate
{
    Collected,
    Cancelled,
    NoShow,
}

internal sealed class SoakOrder(string id, string store, OrderFate fate)
{
    public string Id { get; } = id;

    public string Store { get; } = store;

    public OrderFate Fate { get; } = fate;

    public bool Paid { get; set; }
}

/// <summary>
/// The stores' first lists of a day, read together as staff start: from the first request to the last store's
/// answers, with the garbage collector's pauses and collections in that time (all of the process: host and driver).
/// </summary>
internal sealed class MorningBurst(int storeCount)
{
    private readonly long startedAt = Stopwatch.GetTimestamp();
    private readonly DateTime startedAtUtc = DateTime.UtcNow;
    private readonly TimeSpan pausedBefore = GC.GetTotalPauseDuration();
    private readonly int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly long workItemsBefore = ThreadPool.CompletedWorkItemCount;
    private readonly int threadsBefore = ThreadPool.ThreadCount;
    private readonly TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long allocatedBefore = GC.GetTotalAllocatedBytes();
    private readonly long backgroundIndexBefore = GC.GetGCMemoryInfo(GCKind.Background).Index;
    private int read;

    public string? Taken { get; private set; }

    public void ListsRead()
    {
        if (Interlocked.Increment(ref read) != storeCount)
        {
            return;
        }

        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        Taken = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds:F0} ms, GC paused {paused.TotalMilliseconds:F0} ms in {GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]}"
            + $" (from {startedAtUtc:HH:mm:ss.f} UTC, process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds:F0} ms, {ThreadPool.CompletedWorkItemCount - workItemsBefore} work items, pool threads {threadsBefore}->{ThreadPool.ThreadCount}"
            + $", allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024.0 * 1024.0):F0} MB, {(GC.GetGCMemoryInfo(GCKind.Background).Index != backgroundIndexBefore ? "a background GC ended in it" : "no background GC ended in it")})");
    }
}

/// <summary>Latencies of one simulated week, in milliseconds, and how many orders it drove.</summary>
internal sealed class WeekSamples
{
    public System.Collections.Concurrent.ConcurrentBag<double> Reserve { get; } = [];

    public System.Collections.Concurrent.ConcurrentBag<double> PickList { get; } = [];

    public System.Collections.Concurrent.ConcurrentBag<double> HandoverList { get; } = [];

    /// <summary>The pick list read as staff start the day (the first read of the day's new orders).</summary>
    public System.Collections.Concurrent.ConcurrentBag<double> PickListBeforePicking { get; } = [];

    /// <summary>The pick list read after the handovers (the first read after the day's orders ended).</summary>
    public System.Collections.Concurrent.ConcurrentBag<double> PickListAfterHandovers { get; } = [];

    /// <summary>The handover list read as staff start the day.</summary>
    public System.Collections.Concurrent.ConcurrentBag<double> HandoverListBeforePicking { get; } = [];

    /// <summary>The handover list read after the handovers.</summary>
    public System.Collections.Concurrent.ConcurrentBag<double> HandoverListAfterHandovers { get; } = [];

    private long handoverListed;
    private long handoverLists;

    /// <summary>Orders a handover list named, on average (what each read had to ask).</summary>
    public double HandoverListedMean => handoverLists == 0 ? 0 : (double)handoverListed / handoverLists;

    public void CountHandoverListed(int orders)
    {
        Interlocked.Add(ref handoverListed, orders);
        Interlocked.Increment(ref handoverLists);
    }

    /// <summary>Each day's morning burst (<see cref="MorningBurst"/>), in day order.</summary>
    public List<string> Bursts { get; } = [];

    /// <summary>Wall time of each phase of the days, summed over the week (where the driver's time goes).</summary>
    public PhaseTimes Phases { get; } = new();

    public int Orders { get; set; }

    public int Failures { get; set; }

    private int uncollected;

    /// <summary>Why orders were not collected: the first <see cref="UncollectedKeptMax"/> are kept.</summary>
    public const int UncollectedKeptMax = 10;

    /// <summary>Characters of an answer kept in an uncollected order's note.</summary>
    public const int UncollectedTextCharsMax = 600;

    /// <summary>Orders meant to be collected whose pickup code or collect was refused (should stay 0).</summary>
    public int Uncollected => uncollected;

    /// <summary>The first few uncollected orders, each with the refused step's answer and the order as it then stood.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> UncollectedNotes { get; } = new();

    public void CountUncollected(string note)
    {
        if (Interlocked.Increment(ref uncollected) <= UncollectedKeptMax)
        {
            UncollectedNotes.Enqueue(note);
        }
    }

    public static double P99(IEnumerable<double> samples) => Percentile(samples, 0.99);

    /// <summary>The nearest-rank percentile (0 when there are no samples).</summary>
    public static double Percentile(IEnumerable<double> samples, double fraction)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * fraction) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Wall time per named phase, summed.</summary>
internal sealed class PhaseTimes
{
    private readonly Dictionary<string, TimeSpan> totals = new(StringComparer.Ordinal);

    public void Add(string phase, TimeSpan elapsed) => totals[phase] = totals.GetValueOrDefault(phase) + elapsed;

    public override string ToString() => string.Join(", ", totals.Select(pair => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value.TotalSeconds:F0} s")));
}
