using Microsoft.Extensions.Logging;

namespace Allocation.Grains.Common;

/// <summary>
/// The loop of every background sweep (recovery, no-shows, webhook delivery): wait an interval on the service's
/// clock, run one pass, and on failure log it and let the next pass retry. Stopping ends the wait at once.
/// </summary>
internal static class PeriodicPass
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> pass, ILogger logger, string passName, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await pass(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "{Pass} failed; the next pass retries", passName);
            }
        }
    }
}
