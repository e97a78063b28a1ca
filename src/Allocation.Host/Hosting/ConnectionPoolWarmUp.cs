using Npgsql;

namespace Allocation.Host.Hosting;

/// <summary>
/// Before the host listens (and prints its banner), opens connections in both of its PostgreSQL pools (the ledger's
/// data source, and Orleans' storage and clustering) and returns them idle. After a restart under load every request
/// otherwise found the pools empty and waited for a new connection: a backend started and a SCRAM handshake (PBKDF2,
/// CPU on both sides) per connection, for the ~70 connections of the first seconds (docs/benchmarks.md section 6b).
/// Bounded: a warm-up that fails or runs past <see cref="WarmUpSecondsMax"/> is logged and the host starts anyway.
/// </summary>
internal sealed class ConnectionPoolWarmUp(IServiceProvider services, AllocationHostOptions options, ILogger<ConnectionPoolWarmUp> logger) : IHostedService
{
    /// <summary>Connections opened per pool: what a burst of requests after a restart uses at once, never more than the pool allows.</summary>
    public const int ConnectionsPerPoolMax = 8;

    public const int WarmUpSecondsMax = 10;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Storage != StorageMode.Postgres || options.ConnectionString is not { } connectionString)
        {
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(WarmUpSecondsMax));
        try
        {
            var ledger = services.GetRequiredService<NpgsqlDataSource>();
            var orleansPoolSize = new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;
            await Task.WhenAll(
                OpenAsync(() => ledger.CreateConnection(), PoolShare(ledger.ConnectionString), limit.Token),
                OpenAsync(() => new NpgsqlConnection(connectionString), Math.Min(ConnectionsPerPoolMax, orleansPoolSize), limit.Token));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // Only a warm-up: requests open what they need themselves.
            logger.LogWarning("Connection pool warm-up not finished ({Message}); starting without it", exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static int PoolShare(string connectionString) =>
        Math.Min(ConnectionsPerPoolMax, new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize);

    /// <summary>Opens <paramref name="count"/> connections at once (so the pool cannot hand one back twice), then returns them all.</summary>
    private static async Task OpenAsync(Func<NpgsqlConnection> create, int count, CancellationToken cancellationToken)
    {
        var connections = new List<NpgsqlConnection>(count);
        try
        {
            for (var index = 0; index < count; index++)
            {
                connections.Add(create());
            }

            await Task.WhenAll(connections.Select(connection => connection.OpenAsync(cancellationToken)));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
