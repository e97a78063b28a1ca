using Allocation.Contracts.Orders;
using Allocation.Contracts.Reservations;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// Deletes what has outlived its retention window (<see cref="RetentionOptions"/>): ended orders with their reservation
/// records, reservations that never became orders, pick bookings past their hour, stores' ended waves, and old order
/// events. Each kind is
/// walked in key order with a cursor, one short statement per page, so a pass costs what it looks at and a row it
/// cannot delete never stops the rest. Driven by the business clock (rows carry business time). The stock ledger is
/// never pruned: it is the audit trail and the record of every applied document.
/// </summary>
internal sealed class RetentionSweep(
    ILedgerStore store,
    AllocationClock clock,
    IOptions<RetentionOptions> options,
    ILogger<RetentionSweep> logger) : BackgroundService
{
    private static readonly string[] EndedOrderStates = [nameof(OrderState.Collected), nameof(OrderState.Cancelled), nameof(OrderState.Expired)];

    /// <summary>Reservations that hold nothing and owe nothing (a held one past the window lapsed long ago; the minimum window exceeds any TTL).</summary>
    private static readonly string[] EndedReservationStatuses =
        [nameof(ReservationStatus.Released), nameof(ReservationStatus.Expired), nameof(ReservationStatus.Rejected), nameof(ReservationStatus.Held)];

    private static readonly string[] EndedWaveStatuses = [StoreWaveRecord.EndedStatus];

    public async Task<RetentionPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var settings = options.Value;
        var orders = await WalkAsync(StorageNames.OrderRecord, EndedOrderStates, now.AddDays(-settings.OrderRecordRetentionDays), StorageNames.ReservationRecord, cancellationToken);
        var reservations = await WalkAsync(StorageNames.ReservationRecord, EndedReservationStatuses, now.AddDays(-settings.ReservationRecordRetentionDays), null, cancellationToken);
        var bookings = await WalkAsync(StorageNames.PickBookingRecord, null, now.AddHours(-settings.PickBookingRetentionHours), null, cancellationToken);
        // An ended wave's record was last written when it ended; open waves are never deleted.
        var waves = await WalkAsync(StorageNames.StoreWaveRecord, EndedWaveStatuses, now.AddDays(-settings.WaveRetentionDays), null, cancellationToken);
        var events = 0;
        int deleted;
        do
        {
            deleted = await store.PruneEventsAsync(now.AddDays(-settings.OrderEventRetentionDays), settings.SweepPageRows, cancellationToken);
            events += deleted;
        }
        while (deleted == settings.SweepPageRows);

        var pass = new RetentionPass(orders, reservations, bookings, waves, events);
        if (pass.Total > 0)
        {
            logger.LogInformation("Retention removed {Orders} ended orders, {Reservations} reservations, {Bookings} pick bookings, {Waves} ended waves, {Events} order events", orders, reservations, bookings, waves, events);
        }

        return pass;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), clock.Time, RunOnceAsync, logger, "Retention sweep", stoppingToken);

    private async Task<int> WalkAsync(string kind, IReadOnlyList<string>? statuses, DateTimeOffset updatedBefore, string? companionKind, CancellationToken cancellationToken)
    {
        var deleted = 0;
        (string OwnerKey, string ItemKey)? next = ("", "");
        while (next is { } after)
        {
            var page = await store.PruneRecordsAsync(new RecordPruning(kind, statuses, updatedBefore, companionKind, after.OwnerKey, after.ItemKey, options.Value.SweepPageRows), cancellationToken);
            deleted += page.Deleted;
            next = page.Next;
        }

        return deleted;
    }
}

/// <summary>What one retention pass deleted.</summary>
internal readonly record struct RetentionPass(int Orders, int Reservations, int PickBookings, int Waves, int Events)
{
    public int Total => Orders + Reservations + PickBookings + Waves + Events;
}
