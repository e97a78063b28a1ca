using Allocation.TestKit;

namespace Allocation.Bench.Reservations;

/// <summary>What a target factory gets from the runner.</summary>
/// <param name="Concurrency">Number of concurrent callers; size connection pools to it.</param>
/// <param name="RedisPort">Loopback port for the benchmark's own redis-server.</param>
/// <param name="Log">Where a target writes progress lines (standard error, so the table on standard output stays clean).</param>
internal sealed record ReservationTargetContext(int Concurrency, int RedisPort, TextWriter Log)
{
    private PostgresServer? postgres;

    /// <summary>
    /// A scratch database (the test kit's: a role of its own, dropped on dispose) on the project's PostgreSQL, which is
    /// found on first use only, so a run of targets that need none needs no PostgreSQL.
    /// </summary>
    public async Task<ScratchDatabase> CreateScratchDatabaseAsync(string purpose, CancellationToken cancellationToken)
    {
        postgres ??= await PostgresServer.FindAsync(cancellationToken: cancellationToken);
        var database = await ScratchDatabase.CreateAsync(purpose, postgres, cancellationToken: cancellationToken);
        await Log.WriteLineAsync($"postgres: created database {database.Name}");
        return database;
    }
}
