using Allocation.Contracts.Webhooks;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Notifications;

/// <summary>
/// Gives every tenant with a webhook a delivery round each interval, from any silo (the tenant's grain is one
/// activation in the cluster, so rounds never overlap). Tenants are found from the stored webhook records, so delivery
/// resumes after a restart without anyone calling.
/// </summary>
internal sealed class WebhookDelivery(
    GrainRecords records,
    IGrainFactory grains,
    AllocationClock clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDelivery> logger) : BackgroundService
{
    private const int TenantsPerRoundMax = 1_000;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var tenants = await records.ListAsync(StorageNames.WebhookRecord, WebhookGrain.WebhookStatus, clock.UtcNow.AddYears(100), TenantsPerRoundMax, cancellationToken);
        var delivered = 0;
        foreach (var tenant in tenants)
        {
            try
            {
                delivered += await grains.GetGrain<IWebhookGrain>(tenant.OwnerKey).Deliver();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Webhook delivery for tenant {Tenant} failed; the next round retries", tenant.OwnerKey);
            }
        }

        return delivered;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(TimeSpan.FromMilliseconds(options.Value.DeliveryIntervalMilliseconds), clock.Time, RunOnceAsync, logger, "Webhook delivery round", stoppingToken);
}
