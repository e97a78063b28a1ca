using Npgsql;

namespace Allocation.Bench.Reservations;

/// <summary>
/// The project's PostgreSQL: connection string from ALLOCATION_POSTGRES, else from <c>scripts/postgres.sh ensure</c>.
/// Targets get a scratch database each, so a run never sees another run's rows.
/// </summary>
internal sealed class PostgresServer(TextWriter log)
{
    public const string ConnectionStringVariable = "ALLOCATION_POSTGRES";
    private const string ScriptName = "postgres.sh";
    private string? _connectionString;

    public async Task<string> GetConnectionStringAsync(CancellationToken cancellationToken)
    {
        if (_connectionString is not null)
            return _connectionString;
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return _connectionString = fromEnvironment;
        var script = RepositoryScripts.Find(ScriptName) ?? throw new InvalidOperationException(
            $"no PostgreSQL: set {ConnectionStringVariable} or add scripts/{ScriptName}");
        return _connectionString = await RepositoryScripts.RunForLastLineAsync(script, "ensure", log, cancellationToken);
    }

    /// <summary>Creates an empty database named after <paramref name="purpose"/>, the process and the time; dispose drops it.</summary>
    public async Task<ScratchDatabase> CreateScratchDatabaseAsync(string purpose, CancellationToken cancellationToken)
    {
        var administration = new NpgsqlConnectionStringBuilder(await GetConnectionStringAsync(cancellationToken)) { Pooling = false };
        var name = $"bench_{purpose}_{Environment.ProcessId}_{DateTime.UtcNow:yyyyMMddHHmmss}".ToLowerInvariant();
        await ExecuteAsync(administration.ConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
        var scratch = new NpgsqlConnectionStringBuilder(administration.ConnectionString) { Database = name, Pooling = true };
        await log.WriteLineAsync($"postgres: created database {name} on {scratch.Host}:{scratch.Port}");
        return new ScratchDatabase(scratch.ConnectionString, administration.ConnectionString, name, log);
    }

    internal static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
