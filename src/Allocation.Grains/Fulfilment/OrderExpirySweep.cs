using Allocation.Contracts.Orders;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// Finishes order steps cut off half-way (a pending intent older than a minute), then closes no-shows nobody touches: ready orders whose record was last written at least the collect-by period ago are
/// asked to expire if due (each decides by its own collect-by date; a step on a due order closes it first, and a read queues its close).
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
        return await new RecordSweep(records, logger).RunAsync(
            StorageNames.OrderRecord, StorageNames.PendingStatus, clock.UtcNow.AddSeconds(-PendingStepAgeSeconds), OrdersPerPage, "Recovery",
            async owner => (await grains.GetGrain<IOrderGrain>(owner.OwnerKey).Recover()).Outcome == OrderActionOutcome.Done,
            cancellationToken);
    }

    /// <summary>Returns how many orders expired in this pass.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow.AddDays(-options.Value.CollectByDaysDefault);
        return await new RecordSweep(records, logger).RunAsync(
            StorageNames.OrderRecord, nameof(OrderState.Ready), cutoff, OrdersPerPage, "Expiry",
            async owner => (await grains.GetGrain<IOrderGrain>(owner.OwnerKey).ExpireIfDue()).Outcome == OrderActionOutcome.Done,
            cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(TimeSpan.FromSeconds(options.Value.ExpirySweepIntervalSeconds), clock.Time, SweepAsync, logger, "No-show sweep", stoppingToken);

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await RecoverOnceAsync(cancellationToken);
        await RunOnceAsync(cancellationToken);
    }
}
