using Allocation.Contracts.Reservations;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Reservations;

/// <summary>
/// Finds reservations whose work stopped half-way (a record still pending after the work would have ended) and has
/// their grains finish or undo it. One that cannot be recovered now is logged and left for the next pass; it does not
/// hold up the others.
/// </summary>
internal sealed class ReservationRecovery(
    GrainRecords records,
    IGrainFactory grains,
    AllocationClock clock,
    IOptions<ReservationOptions> options,
    ILogger<ReservationRecovery> logger) : BackgroundService
{
    /// <summary>Records read per page; a pass pages on with a cursor until every stale record was tried.</summary>
    private const int RecordsPerPage = 1_000;

    /// <summary>Returns how many reservations were recovered in this pass.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow.AddSeconds(-options.Value.IntentRecoveryAgeSeconds);
        var recovered = await new RecordSweep(records, logger).RunAsync(
            StorageNames.ReservationRecord, StorageNames.PendingStatus, cutoff, RecordsPerPage, "Recovery", async owner =>
            {
                await grains.GetGrain<IReservationGrain>(owner.OwnerKey).Recover();
                return true;
            },
            cancellationToken);

        if (recovered > 0)
        {
            logger.LogWarning("Recovered {Count} reservations left half-way", recovered);
        }

        return recovered;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(TimeSpan.FromSeconds(options.Value.IntentRecoveryIntervalSeconds), clock.Time, RunOnceAsync, logger, "Reservation recovery pass", stoppingToken);
}
