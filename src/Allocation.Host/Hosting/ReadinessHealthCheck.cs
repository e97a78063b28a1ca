using Allocation.Grains.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Allocation.Host.Hosting;

/// <summary>Ready to serve: the silo is active, the ledger writer commits and PostgreSQL answers. Says what is wrong, never any data.</summary>
internal sealed class ReadinessHealthCheck(StorageHealth storage, ISiloStatusOracle silo) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (silo.CurrentStatus != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"the silo is {silo.CurrentStatus.ToString().ToLowerInvariant()}, not active");
        }

        return await storage.ProblemAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy();
    }
}
