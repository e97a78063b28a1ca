namespace Allocation.Bench.Reservations;

/// <summary>What a target factory gets from the runner.</summary>
/// <param name="Concurrency">Number of concurrent callers; size connection pools to it.</param>
/// <param name="Postgres">Resolves the project's PostgreSQL and creates scratch databases on it (dropped on dispose).</param>
/// <param name="RedisPort">Loopback port for the benchmark's own redis-server.</param>
/// <param name="Log">Where a target writes progress lines (standard error, so the table on standard output stays clean).</param>
internal sealed record ReservationTargetContext(int Concurrency, PostgresServer Postgres, int RedisPort, TextWriter Log);
