using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Hosting;
using Allocation.Planning;
using Allocation.Planning.Network;
using Allocation.Verification;
using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Allocation.Bench.Service;

/// <summary>
/// Reservations through the service's grains on an in-process silo, side by side in one run: the baseline names the
/// store on every line (what a checkout does without us), ours names only the pickup store and lets the solver choose
/// (micro-batched, against the availability index and the pick load, booking a pick at each source). Both hold the
/// same units; the difference is the cost of online allocation. Afterwards every store's booked picks per hour are
/// checked against its capacity and every stock count against oversell; exit code 1 if any broke.
/// Options: --seed N (42), --concurrency N (64), --duration-seconds N (5), --warmup-seconds N (2).
/// </summary>
internal static class ServiceAllocationBenchmark
{
    private const string Tenant = "bench";
    private const int SkuCount = 200;
    private const int UnitsPerHolder = 100_000;
    private const int HoldTtlSeconds = 3_600;

    /// <summary>High enough that a run never exhausts capacity: the benchmark measures speed, the tests measure limits.</summary>
    private const int PicksPerHour = 50_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var seed = Option(args, "--seed", 42);
        var concurrency = Option(args, "--concurrency", 64);
        var measured = TimeSpan.FromSeconds(Option(args, "--duration-seconds", 5));
        var warmup = TimeSpan.FromSeconds(Option(args, "--warmup-seconds", 2));
        var network = DemoNetwork.Generate(seed, 400, 100);
        network = network with { Locations = [.. network.Locations.Select(location => location with { PickCapacityPerHour = PicksPerHour })] };
        using var host = await StartSiloAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var holders = await SeedAsync(grains, network, seed);
        var pickups = network.Locations.Where(location => location.ClickAndCollect).Select(location => location.Id).ToArray();

        Console.WriteLine($"service allocation benchmark: seed {seed}, {pickups.Length} pickup stores, {SkuCount} SKUs, {concurrency} callers, "
            + $"{warmup.TotalSeconds:0} s warm-up + {measured.TotalSeconds:0} s measured, in-process silo, in-memory storage, {Environment.ProcessorCount} cores, "
            + $"business clock starting at {DemoOrders.DefaultNow:u} (14:00 in Shanghai)");
        Console.WriteLine();
        Console.WriteLine("| reservation | ops/s | p50 ms | p99 ms | sourced at pickup | refused |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var baseline = await MeasureAsync(grains, concurrency, warmup, measured, seed, (random, id) =>
        {
            var sku = random.Next(SkuCount);
            var store = holders[sku][random.Next(holders[sku].Length)];
            return new ReservationRequest([new RequestedLine(SkuId(sku), 1, store)], HoldTtlSeconds, store);
        });
        Print("baseline: caller names the store", baseline);
        var ours = await MeasureAsync(grains, concurrency, warmup, measured, seed, (random, id) =>
            new ReservationRequest([new RequestedLine(SkuId(random.Next(SkuCount)), 1)], HoldTtlSeconds, pickups[random.Next(pickups.Length)]));
        Print("ours: solver chooses (pickup store only)", ours);

        var violations = await CheckAsync(grains, network, holders);
        await host.StopAsync();
        Console.WriteLine();
        Console.WriteLine(violations == 0 ? "checks: no store-hour over its pick capacity, no SKU-store oversold" : $"checks: {violations} violation(s)");
        return violations == 0 ? 0 : 1;
    }

    private static async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: 21_211, gatewayPort: 31_100)
            .AddAllocationGrains(AllocationStorage.InMemory)
            .Services.AddSingleton(new AllocationClock(new ShiftedTimeProvider(DemoOrders.DefaultNow))));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Network and catalogue, then each SKU at a seeded 45 % of locations: returns the holders per SKU.</summary>
    private static async Task<string[][]> SeedAsync(IGrainFactory grains, StoreNetwork network, int seed)
    {
        await grains.GetGrain<ICatalogueGrain>(Tenant).AddStores([.. network.Locations.Select(location => new StoreEntry(location.Id, location.Id, location.City, location.ClickAndCollect))]);
        await grains.GetGrain<INetworkGrain>(Tenant).Replace(NetworkJson.Write(network));
        var random = new Random(seed);
        var holders = Enumerable.Range(0, SkuCount)
            .Select(_ => network.Locations.Where(_ => random.NextDouble() < 0.45).Select(location => location.Id).ToArray())
            .ToArray();
        var receipts = holders.SelectMany((stores, sku) => stores.Select(store => (sku, store))).ToList();
        await Parallel.ForEachAsync(receipts, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (receipt, _) =>
            await Stock(grains, SkuId(receipt.sku), receipt.store).Move(new MovementRequest(MovementKind.Receipt, UnitsPerHolder, "opening")));
        return holders;
    }

    private static async Task<Measurement> MeasureAsync(
        IGrainFactory grains, int concurrency, TimeSpan warmup, TimeSpan measured, int seed, Func<Random, string, ReservationRequest> next)
    {
        var histogram = new LongHistogram(60_000_000, 3);
        var state = new Counters();
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var stopAt = warmup + measured;
        var callers = Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            var random = new Random(seed * 1_000 + caller);
            var local = new LongHistogram(60_000_000, 3);
            var (done, atPickup, refused) = (0L, 0L, 0L);
            for (var operation = 0; clock.Elapsed < stopAt; operation++)
            {
                var id = $"c{caller}-{operation}-{Guid.NewGuid():N}";
                var request = next(random, id);
                var started = clock.Elapsed;
                var result = await grains.GetGrain<IReservationGrain>(new ReservationKey(Tenant, id).ToGrainKey()).Reserve(request);
                var ended = clock.Elapsed;
                if (started < measureFrom)
                {
                    continue;
                }

                local.RecordValue((long)((ended - started).TotalMilliseconds * 1_000));
                done++;
                if (result.Outcome != ReservationOutcome.Held)
                {
                    refused++;
                }
                else if (result.Reservation!.Lines.All(line => line.StoreId == request.PickupStoreId))
                {
                    atPickup++;
                }
            }

            lock (state)
            {
                histogram.Add(local);
                state.Done += done;
                state.AtPickup += atPickup;
                state.Refused += refused;
            }
        })).ToArray();
        await Task.WhenAll(callers);
        return new Measurement(state.Done / measured.TotalSeconds, histogram, state.AtPickup / (double)Math.Max(1, state.Done), state.Refused);
    }

    private static async Task<int> CheckAsync(IGrainFactory grains, StoreNetwork network, string[][] holders)
    {
        var violations = 0;
        foreach (var location in network.Locations)
        {
            foreach (var load in await grains.GetGrain<IPickScheduleGrain>(new StoreKey(Tenant, location.Id).ToGrainKey()).GetLoad())
            {
                violations += load.Picks > (PickCapacity.PicksInHour(network, location.Id, load.HourStart) ?? 0) ? 1 : 0;
            }
        }

        for (var sku = 0; sku < holders.Length; sku++)
        {
            foreach (var store in holders[sku])
            {
                var counts = (await Stock(grains, SkuId(sku), store).GetView()).Counts;
                violations += counts.Held + counts.Committed > counts.OnHand ? 1 : 0;
            }
        }

        return violations;
    }

    private static void Print(string name, Measurement measurement) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {measurement.OperationsPerSecond:N0} | {measurement.Latency.GetValueAtPercentile(50) / 1000.0:0.000} | {measurement.Latency.GetValueAtPercentile(99) / 1000.0:0.000} | {measurement.AtPickupShare:P1} | {measurement.Refused:N0} |"));

    private static IStockGrain Stock(IGrainFactory grains, string sku, string store) => grains.GetGrain<IStockGrain>(new StockKey(Tenant, sku, store).ToGrainKey());

    private static string SkuId(int sku) => $"SKU-{sku:0000}";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>
    /// Real time, shifted so that the run starts at 14:00 in Shanghai on a fixed day (the planner benchmark's "now").
    /// Allocation depends on opening hours: on the wall clock a run at night measured a different problem (every pick
    /// pushed to the next morning, some orders unable to make the window) from a run in the afternoon.
    /// </summary>
    private sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
    {
        private readonly TimeSpan offset = start - System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    private sealed record Measurement(double OperationsPerSecond, LongHistogram Latency, double AtPickupShare, long Refused);

    private sealed class Counters
    {
        public long Done { get; set; }

        public long AtPickup { get; set; }

        public long Refused { get; set; }
    }

}
