using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Sourcing;
using Allocation.Grains.Common;
using Allocation.Planning;
using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Planning.Online;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// The silo's online allocation: reservations without a source store are gathered into micro-batches
/// (System.Threading.Channels, inside <see cref="AllocationMicroBatcher"/>) and planned jointly by the OR-Tools-backed
/// solver against the per-SKU availability index and the tenant's pick load (capacity already booked). One batcher per
/// tenant, rebuilt when the tenant's network changes.
/// </summary>
internal sealed class OnlineAllocator(IGrainFactory grains, AllocationClock clock, IOptions<SourcingOptions> options) : IAsyncDisposable
{
    /// <summary>
    /// How long a tenant's network version is trusted before the network grain is asked again: a single grain per tenant
    /// must not be on every reservation's path. An imported network reaches the solver within this time.
    /// </summary>
    private const int NetworkVersionTrustMilliseconds = 1_000;

    private readonly ConcurrentDictionary<string, TenantBatcher> batchers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim rebuild = new(1, 1);

    /// <summary>Stock levels derived from an index answer, kept while the index hands out the same array.</summary>
    private readonly ConditionalWeakTable<StoreAvailability[], StockLevel[]> levelsByAnswer = [];

    public async Task<OnlineAllocation> AllocateAsync(string tenantId, Order order, CancellationToken cancellationToken)
    {
        var tenant = await BatcherForAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return new OnlineAllocation(new OrderPlan(order.Id, OrderStatus.Invalid, [], null, null, CostBreakdown.Zero, "the tenant has no store network yet"), []);
        }

        var plan = await tenant.Batcher.AllocateAsync(order, cancellationToken);
        return new OnlineAllocation(plan, plan.Status == OrderStatus.Allocated ? PlannedPicks.Of(tenant.Network, plan) : []);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var batcher in batchers.Values)
        {
            await batcher.Batcher.DisposeAsync();
        }

        rebuild.Dispose();
    }

    /// <summary>
    /// Plans each order alone, as a reservation arriving now would be planned (the same snapshot source, planner, limits
    /// and costs), and holds nothing: promises. Null before the tenant has a store network.
    /// </summary>
    public async Task<IndependentPlans?> PlanEachAloneAsync(string tenantId, IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        var tenant = await BatcherForAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        var skus = orders.SelectMany(order => order.Lines).Select(line => line.Sku).ToHashSet(StringComparer.Ordinal);
        var snapshot = await tenant.Availability(skus, cancellationToken);
        var now = clock.UtcNow;
        var batchOptions = BatchOptions();
        var plans = orders.Select(order =>
            AllocationPlanner.PlanOnline(new PlanningRequest(tenant.Network, snapshot, [order], now, batchOptions.Limits, batchOptions.Costs)).Orders[0]).ToList();
        return new IndependentPlans(tenant.Network, plans, now);
    }

    /// <summary>
    /// Builds the tenant's batcher (its network read and parsed) and activates its pick-load index, so the first
    /// solver-chosen reservation after a start does not wait for them (after a restart under load they took 1-3 s,
    /// docs/benchmarks.md section 6b). Nothing is planned or held.
    /// </summary>
    public async Task WarmUpAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (await BatcherForAsync(tenantId, cancellationToken) is { } tenant)
        {
            await tenant.Availability(new HashSet<string>(StringComparer.Ordinal), cancellationToken);
        }
    }

    /// <summary>The tenant's current store network (parsed once per version), or null before one is imported.</summary>
    public async Task<StoreNetwork?> NetworkAsync(string tenantId, CancellationToken cancellationToken) =>
        (await BatcherForAsync(tenantId, cancellationToken))?.Network;

    /// <summary>Available units per store for each SKU, as the availability index sees them.</summary>
    public async Task<List<StockLevel>> AvailableStockAsync(string tenantId, IReadOnlyCollection<string> skus)
    {
        var perSku = await Task.WhenAll(skus.Select(async sku =>
        {
            var answer = (await grains.GetGrain<ISkuAvailabilityGrain>(new SkuKey(tenantId, sku).ToGrainKey()).GetAvailable()).Value;
            return levelsByAnswer.GetValue(answer, stores => [.. stores.Select(store => new StockLevel(sku, store.StoreId, store.Available))]);
        }));
        return [.. perSku.SelectMany(levels => levels)];
    }

    private async Task<TenantBatcher?> BatcherForAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (batchers.TryGetValue(tenantId, out var trusted) && TimeProvider.System.GetElapsedTime(trusted.CheckedAtTimestamp).TotalMilliseconds < NetworkVersionTrustMilliseconds)
        {
            return trusted;
        }

        var network = grains.GetGrain<INetworkGrain>(tenantId);
        var version = await network.GetVersion();
        if (version == 0)
        {
            return null;
        }

        if (batchers.TryGetValue(tenantId, out var current) && current.Version == version)
        {
            current.CheckedAtTimestamp = TimeProvider.System.GetTimestamp();
            return current;
        }

        await rebuild.WaitAsync(cancellationToken);
        try
        {
            if (batchers.TryGetValue(tenantId, out current) && current.Version >= version)
            {
                return current;
            }

            var document = await network.Get() ?? throw new InvalidOperationException($"network of {tenantId} vanished");
            var parsed = NetworkJson.Parse(document.Json);
            var storeNetwork = parsed.Network ?? throw new InvalidOperationException($"stored network of {tenantId} is invalid: {string.Join("; ", parsed.Errors)}");
            var availability = AvailabilityOf(tenantId);
            var batcher = new AllocationMicroBatcher(storeNetwork, availability, BatchOptions(), clock.Time);
            var tenant = new TenantBatcher(document.Version, storeNetwork, batcher, availability);
            batchers[tenantId] = tenant;
            if (current is not null)
            {
                await current.Batcher.DisposeAsync();
            }

            return tenant;
        }
        finally
        {
            rebuild.Release();
        }
    }

    private MicroBatchOptions BatchOptions() => new(
        options.Value.MicroBatchWindowMilliseconds,
        options.Value.MicroBatchOrdersMax,
        Limits: PlanningLimits.Default with { ReadinessWindowMinutes = options.Value.ReadinessWindowMinutes });

    private AvailabilitySource AvailabilityOf(string tenantId)
    {
        var pickLoad = new PickLoadView(grains.GetGrain<IPickLoadGrain>(tenantId));
        return async (skus, _) =>
        {
            // Stock and pick load are independent: ask for both at once, the batch waits for the slower only.
            var stock = AvailableStockAsync(tenantId, skus);
            var usage = pickLoad.UsageAsync(clock.UtcNow);
            return new AvailabilitySnapshot(await stock, await usage);
        };
    }

    /// <summary>A tenant's batcher; promises plan from the same <paramref name="Availability"/> source as its batches.</summary>
    private sealed record TenantBatcher(long Version, StoreNetwork Network, AllocationMicroBatcher Batcher, AvailabilitySource Availability)
    {
        /// <summary>When <see cref="Version"/> was last found current (a stopwatch timestamp).</summary>
        public long CheckedAtTimestamp { get; set; } = TimeProvider.System.GetTimestamp();
    }
}
