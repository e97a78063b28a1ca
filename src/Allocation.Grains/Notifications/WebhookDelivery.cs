using Allocation.Contracts.Webhooks;
using System.Collections.Concurrent;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Notifications;

/// <summary>
/// Gives every tenant with a webhook a delivery round each interval, from any silo (the tenant's grain is one
/// activation in the cluster, so rounds never overlap). Tenants are found from the stored webhook records, so delivery
/// resumes after a restart without anyone calling. Tenants are delivered side by side (at most
/// <see cref="WebhookOptions.TenantsInParallelMax"/>), and a round waits for them at most one interval: a tenant whose
/// receiver is slow keeps its own delivery busy and is skipped until it is done, while every other tenant's rounds
/// go on at their pace. Turns go round (<see cref="WebhookTenantWalk"/>, paged with a cursor over every tenant): each
/// pass starts with the tenant after the one started last, so when slow receivers fill every slot, the other tenants
/// still get theirs as the slots free up.
/// </summary>
internal sealed class WebhookDelivery(
    ILedgerStore store,
    IGrainFactory grains,
    AllocationClock clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDelivery> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task<int>> inFlight = new(StringComparer.Ordinal);

    /// <summary>Where the next pass begins: after the tenant started last. Only the pass loop touches it.</summary>
    private readonly WebhookTenantWalk walk = new(store, options.Value.TenantPageRows);

    /// <summary>Starts a round for every tenant not still in one; the events delivered by the rounds that ended within the interval.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = new List<Task<int>>();
        if (inFlight.Count < options.Value.TenantsInParallelMax)
        {
            // Room is checked after each start, never after taking the next tenant: a tenant taken is given its turn.
            await foreach (var tenantId in walk.TenantsAsync(clock.UtcNow, cancellationToken))
            {
                if (!inFlight.ContainsKey(tenantId))
                {
                    var round = DeliverAsync(tenantId);
                    inFlight[tenantId] = round;
                    started.Add(round);
                }

                if (inFlight.Count >= options.Value.TenantsInParallelMax)
                {
                    break;
                }
            }
        }

        await Task.WhenAny(Task.WhenAll(started), Task.Delay(TimeSpan.FromMilliseconds(options.Value.DeliveryIntervalMilliseconds), clock.Time, cancellationToken));
        return started.Where(round => round.IsCompletedSuccessfully).Sum(round => round.Result);
    }

    private async Task<int> DeliverAsync(string tenantId)
    {
        try
        {
            await Task.Yield();
            return await grains.GetGrain<IWebhookGrain>(tenantId).Deliver();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Webhook delivery for tenant {Tenant} failed; the next round retries", tenantId);
            return 0;
        }
        finally
        {
            inFlight.TryRemove(tenantId, out _);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(TimeSpan.FromMilliseconds(options.Value.DeliveryIntervalMilliseconds), clock.Time, RunOnceAsync, logger, "Webhook delivery round", stoppingToken);
}
