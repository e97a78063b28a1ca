using Npgsql;

namespace Allocation.TestKit;

/// <summary>
/// The PostgreSQL server scratch databases are made on, by its admin connection string: the one given, else
/// ALLOCATION_POSTGRES, else the repository's own cluster (<c>scripts/postgres.sh ensure</c>, which installs and starts
/// it when missing and prints the admin's connection string last). The repository's admin string names the cluster's
/// Unix socket (the admin role is allowed there only, by peer authentication); every other role logs in over TCP on
/// loopback with its password (<see cref="RoleConnectionString"/>).
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

    /// <summary>The loopback address a server reached through a Unix socket also listens on (scripts/postgres.sh).</summary>
    public const string SocketServerTcpHost = "127.0.0.1";

    /// <summary>
    /// How <paramref name="role"/> reaches <paramref name="database"/>: over TCP with its password, as a deployment does.
    /// When the admin string names a Unix socket directory, the same server's loopback address at the same port.
    /// </summary>
    public string RoleConnectionString(string database, string role, string password)
    {
        var connection = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Username = role, Password = password };
        if (IsUnixSocket(connection.Host))
        {
            connection.Host = SocketServerTcpHost;
        }

        return connection.ConnectionString;
    }

    /// <summary>Npgsql reads a host that is an absolute path as the directory of a Unix socket.</summary>
    public static bool IsUnixSocket(string? host) => host is not null && host.StartsWith('/');

    /// <summary>
    /// The repository's own cluster, whatever ALLOCATION_POSTGRES names (for tests of that cluster's own set-up):
    /// <c>scripts/postgres.sh ensure</c>.
    /// </summary>
    public static Task<PostgresServer> RepositoryAsync(CancellationToken cancellationToken = default) => EnsureRepositoryClusterAsync(cancellationToken);

    public static async Task<PostgresServer> FindAsync(string? adminConnectionString = null, CancellationToken cancellationToken = default)
    {
        var configured = adminConnectionString ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured);
        }

        return await EnsureRepositoryClusterAsync(cancellationToken);
    }

    private static async Task<PostgresServer> EnsureRepositoryClusterAsync(CancellationToken cancellationToken)
    {
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
