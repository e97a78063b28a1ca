using System.Globalization;
using Npgsql;

namespace Allocation.Load.Hosting;

/// <summary>
/// A scratch database for a host the harness starts: on the server of --postgres, else ALLOCATION_POSTGRES, else the
/// repository's own cluster (scripts/postgres.sh ensure, which installs and starts it when missing). Dropped afterwards.
/// </summary>
public sealed class PostgresProvisioner(string adminConnectionString)
{
    public const string EnvironmentVariable = "ALLOCATION_POSTGRES";

    public string AdminConnectionString => adminConnectionString;

    public static async Task<PostgresProvisioner> FindAsync(string? explicitConnectionString, RepositoryLayout layout, CancellationToken cancellationToken)
    {
        var configured = explicitConnectionString ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresProvisioner(configured);
        }

        var (exitCode, output, error) = await ProcessRunner.RunAsync(layout.PostgresScript, ["ensure"], layout.Root, cancellationToken);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode != 0 || lines.Length == 0)
        {
            throw new HarnessSetupException($"scripts/postgres.sh ensure failed (exit {exitCode}): {error.Trim()}");
        }

        return new PostgresProvisioner(lines[^1]);
    }

    public async Task<string> CreateScratchDatabaseAsync(string runId, CancellationToken cancellationToken)
    {
        var name = "allocation_load_" + runId.Replace('-', '_').ToLowerInvariant();
        await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"CREATE DATABASE \"{name}\""), cancellationToken);
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            throw new HarnessSetupException($"PostgreSQL at {admin.Host}:{admin.Port}: {exception.Message}", exception);
        }
    }
}
