namespace Allocation.Bench.Reservations;

/// <summary>A database that lives for one benchmark run; disposing drops it even if sessions are still attached.</summary>
internal sealed class ScratchDatabase(string connectionString, string administrationConnectionString, string name, TextWriter log)
    : IAsyncDisposable
{
    private const int DropTimeLimitSeconds = 30;

    public string ConnectionString { get; } = connectionString;

    public string Name { get; } = name;

    public async ValueTask DisposeAsync()
    {
        using var timeLimit = new CancellationTokenSource(TimeSpan.FromSeconds(DropTimeLimitSeconds));
        await PostgresServer.ExecuteAsync(administrationConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", timeLimit.Token);
        await log.WriteLineAsync($"postgres: dropped database {Name}");
    }
}
