using System.Collections.Concurrent;
using Allocation.Grains.Contracts;
using Allocation.Grains.Hosting;
using Allocation.Planning;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Allocation;

/// <summary>
/// The silo's online allocation: reservations without a source store are gathered into micro-batches
/// (System.Threading.Channels, inside <see cref="AllocationMicroBatcher"/>) and planned jointly by the OR-Tools-backed
/// solver against the per-SKU availability index. One batcher per tenant, rebuilt when the tenant's network changes.
/// </summary>
internal sealed class OnlineAllocator(IGrainFactory grains, AllocationClock clock, IOptions<AllocationOptions> options) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TenantBatcher> batchers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim rebuild = new(1, 1);

    public async Task<OrderPlan> AllocateAsync(string tenantId, Order order, CancellationToken cancellationToken)
    {
        var batcher = await BatcherForAsync(tenantId, cancellationToken);
        return batcher is null
            ? new OrderPlan(order.Id, OrderStatus.Invalid, [], null, null, CostBreakdown.Zero, "the tenant has no store network yet")
            : await batcher.AllocateAsync(order, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var batcher in batchers.Values)
        {
            await batcher.Batcher.DisposeAsync();
        }

        rebuild.Dispose();
    }

    private async Task<AllocationMicroBatcher?> BatcherForAsync(string tenantId, CancellationToken cancellationToken)
    {
        var network = grains.GetGrain<INetworkGrain>(tenantId);
        var version = await network.GetVersion();
        if (version == 0)
        {
            return null;
        }

        if (batchers.TryGetValue(tenantId, out var current) && current.Version == version)
        {
            return current.Batcher;
        }

        await rebuild.WaitAsync(cancellationToken);
        try
        {
            if (batchers.TryGetValue(tenantId, out current) && current.Version >= version)
            {
                return current.Batcher;
            }

            var document = await network.Get() ?? throw new InvalidOperationException($"network of {tenantId} vanished");
            var parsed = NetworkJson.Parse(document.Json);
            var storeNetwork = parsed.Network ?? throw new InvalidOperationException($"stored network of {tenantId} is invalid: {string.Join("; ", parsed.Errors)}");
            var batcher = new AllocationMicroBatcher(storeNetwork, AvailabilityOf(tenantId), BatchOptions(), clock.Time);
            batchers[tenantId] = new TenantBatcher(document.Version, batcher);
            if (current is not null)
            {
                await current.Batcher.DisposeAsync();
            }

            return batcher;
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

    private AvailabilitySource AvailabilityOf(string tenantId) => async (skus, _) =>
    {
        var perSku = await Task.WhenAll(skus.Select(async sku =>
            (Sku: sku, Stores: await grains.GetGrain<ISkuAvailabilityGrain>(SkuAvailabilityGrain.KeyOf(tenantId, sku)).GetAvailable())));
        var stock = perSku.SelectMany(item => item.Stores.Select(store => new StockLevel(item.Sku, store.StoreId, store.Available))).ToList();
        return new AvailabilitySnapshot(stock, []);
    };

    private sealed record TenantBatcher(long Version, AllocationMicroBatcher Batcher);
}
