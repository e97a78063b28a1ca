using Allocation.Contracts.Orders;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// Finishes order steps cut off half-way (a pending intent older than a minute), then closes no-shows nobody touches: ready orders whose record was last written at least the collect-by period ago are
/// asked to expire if due (each decides by its own collect-by date; any call to an order also expires it when due).
/// Driven by the business clock, so tests move a fake clock instead of waiting days.
/// </summary>
internal sealed class OrderExpirySweep(
    GrainRecords records,
    IGrainFactory grains,
    AllocationClock clock,
    IOptions<FulfilmentOptions> options,
    ILogger<OrderExpirySweep> logger) : BackgroundService
{
    /// <summary>Orders read per page; a pass pages on with a cursor until every due order was asked.</summary>
    private const int OrdersPerPage = 1_000;

    /// <summary>A step whose intent is older than this is taken as cut off by a crash and run again.</summary>
    private const int PendingStepAgeSeconds = 60;

    /// <summary>Finishes order steps cut off half-way; returns how many were finished.</summary>
    public async Task<int> RecoverOnceAsync(CancellationToken cancellationToken)
    {
        var stale = records.EachAsync(StorageNames.OrderRecord, StorageNames.PendingStatus, clock.UtcNow.AddSeconds(-PendingStepAgeSeconds), OrdersPerPage, cancellationToken);
        var recovered = 0;
        await foreach (var owner in stale)
        {
            try
            {
                recovered += (await grains.GetGrain<IOrderGrain>(owner.OwnerKey).Recover()).Outcome == OrderActionOutcome.Done ? 1 : 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Order {Key} could not be recovered; the next pass retries", owner.OwnerKey);
            }
        }

        return recovered;
    }

    /// <summary>Returns how many orders expired in this pass.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow.AddDays(-options.Value.CollectByDaysDefault);
        var due = records.EachAsync(StorageNames.OrderRecord, nameof(OrderState.Ready), cutoff, OrdersPerPage, cancellationToken);
        var expired = 0;
        await foreach (var owner in due)
        {
            try
            {
                var result = await grains.GetGrain<IOrderGrain>(owner.OwnerKey).ExpireIfDue();
                expired += result.Outcome == OrderActionOutcome.Done ? 1 : 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Order {Key} could not be expired; the next pass retries", owner.OwnerKey);
            }
        }

        return expired;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(TimeSpan.FromSeconds(options.Value.ExpirySweepIntervalSeconds), clock.Time, SweepAsync, logger, "No-show sweep", stoppingToken);

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await RecoverOnceAsync(cancellationToken);
        await RunOnceAsync(cancellationToken);
    }
}
