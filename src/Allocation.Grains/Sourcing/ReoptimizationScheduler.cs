using Allocation.Contracts.Sourcing;
using Allocation.Grains.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// Asks each configured tenant's re-optimisation grain to run every IntervalMinutes. Every silo runs one; the grain
/// skips a run that another silo started recently, so a cluster re-plans each tenant about once an interval.
/// </summary>
internal sealed class ReoptimizationScheduler(IGrainFactory grains, AllocationClock clock, IOptions<ReoptimizationOptions> options, ILogger<ReoptimizationScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.IntervalMinutes == 0)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(options.Value.IntervalMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, clock.Time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var tenantId in options.Value.TenantIds)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    if (await grains.GetGrain<IReoptimizationGrain>(tenantId).RunIfDue() is { } report)
                    {
                        logger.LogInformation("Re-optimised {Tenant}: {Report}", tenantId, report);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Re-optimisation of {Tenant} failed; the next interval retries", tenantId);
                }
            }
        }
    }
}
