using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Grains.Sourcing;

/// <summary>The host's way to warm the solver path of its tenants before it reports itself ready.</summary>
public static class SolverWarmUp
{
    /// <summary>Builds each tenant's batcher and activates its pick-load index (see <see cref="OnlineAllocator.WarmUpAsync"/>).</summary>
    public static async Task WarmUpAsync(IServiceProvider services, IEnumerable<string> tenantIds, CancellationToken cancellationToken)
    {
        var allocator = services.GetRequiredService<OnlineAllocator>();
        foreach (var tenantId in tenantIds.Distinct(StringComparer.Ordinal))
        {
            await allocator.WarmUpAsync(tenantId, cancellationToken);
        }
    }
}
