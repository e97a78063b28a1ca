using Allocation.Contracts.Access;
using Allocation.Grains.Sourcing;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Hosting;

/// <summary>
/// Before the host listens (and prints its banner), warms the solver path of every tenant it knows: the demo tenant and
/// the tenants holding stored keys. After a restart under load the first solver-chosen reservations otherwise waited
/// 1-3 s for the network to be read and parsed and the pick-load index to activate (docs/benchmarks.md section 6b).
/// Bounded: a warm-up that fails or runs past <see cref="WarmUpSecondsMax"/> is logged and the host starts anyway.
/// </summary>
internal sealed class SolverWarmUpService(IServiceProvider services, IGrainFactory grains, AllocationHostOptions options, IOptions<DemoOptions> demo, ILogger<SolverWarmUpService> logger) : IHostedService
{
    public const int WarmUpSecondsMax = 15;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(WarmUpSecondsMax));
        try
        {
            var tenants = new List<string>(await grains.GetGrain<IAccessTenantsGrain>(IAccessTenantsGrain.DirectoryKey).List());
            if (options.SeedDemoData)
            {
                tenants.Add(demo.Value.TenantId);
            }

            await SolverWarmUp.WarmUpAsync(services, tenants, limit.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // Only a warm-up: the first reservations build what is missing themselves.
            logger.LogWarning("Solver warm-up not finished ({Message}); starting without it", exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
