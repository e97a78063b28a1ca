using Allocation.Contracts.Reservations;
using Allocation.Grains.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Reservations;

/// <summary>Finds baskets whose holding stopped half-way (their intent outlived the work) and has their grains undo them.</summary>
internal sealed class ReservationRecovery(
    IReservationIntentStore intents,
    IGrainFactory grains,
    AllocationClock clock,
    IOptions<ReservationOptions> options,
    ILogger<ReservationRecovery> logger) : BackgroundService
{
    private const int IntentsPerPassMax = 1_000;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow.AddSeconds(-options.Value.IntentRecoveryAgeSeconds);
        var stale = await intents.ListStaleAsync(cutoff, IntentsPerPassMax, cancellationToken);
        foreach (var intent in stale)
        {
            var grain = grains.GetGrain<IReservationGrain>(new ReservationKey(intent.TenantId, intent.ReservationId).ToGrainKey());
            await grain.Recover(intent.Lines);
        }

        if (stale.Count > 0)
        {
            logger.LogWarning("Recovered {Count} baskets left half-way", stale.Count);
        }

        return stale.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.IntentRecoveryIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, clock.Time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Basket recovery pass failed; the next pass retries");
            }
        }
    }
}
