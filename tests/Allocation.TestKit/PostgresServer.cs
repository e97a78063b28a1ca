using Npgsql;

namespace Allocation.TestKit;

/// <summary>
/// The PostgreSQL server scratch databases are made on, by its admin connection string: the one given, else
/// ALLOCATION_POSTGRES, else the repository's own cluster (<c>scripts/postgres.sh ensure</c>, which installs and starts
/// it when missing and prints the admin's connection string last).
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "ALLOCATION_POSTGRES";

    private static readonly TimeSpan EnsureTimeLimit = TimeSpan.FromMinutes(5);

    private PostgresServer(string adminConnectionString)
    {
        AdminConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = "postgres" }.ConnectionString;
    }

    /// <summary>A superuser's connection to the server's maintenance database.</summary>
    public string AdminConnectionString { get; }

    public static async Task<PostgresServer> FindAsync(string? adminConnectionString = null, CancellationToken cancellationToken = default)
    {
        var configured = adminConnectionString ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured);
        }

        var layout = RepositoryLayout.Find()
            ?? throw new InvalidOperationException($"no PostgreSQL: set {EnvironmentVariable} (an admin connection string) or run inside the repository (scripts/postgres.sh)");
        var (exitCode, output, error) = await ShortProcess.RunAsync(layout.PostgresScript, ["ensure"], layout.Root, EnsureTimeLimit, cancellationToken);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException($"scripts/postgres.sh ensure failed (exit {exitCode}): {error.Trim()}");
        }

        return new PostgresServer(lines[^1]);
    }

    /// <summary>Runs one statement as the admin, on the maintenance database, without pooling (a drop must not wait for a pooled session).</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException($"PostgreSQL at {admin.Host}:{admin.Port} is not reachable or refused: {exception.Message} (run scripts/postgres.sh ensure)", exception);
        }
    }
}
