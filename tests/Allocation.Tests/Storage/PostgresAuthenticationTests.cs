using Allocation.TestKit;
using Npgsql;

namespace Allocation.Tests.Storage;

/// <summary>
/// Who may connect to the repository's own cluster (scripts/postgres.sh ensure): the admin role only over the Unix
/// socket by peer authentication, nobody as the superuser over TCP, the service with its password as a role that is
/// not a superuser, and no other local account as the admin.
/// </summary>
public sealed class PostgresAuthenticationTests
{
    private static readonly TimeSpan ScriptTimeLimit = TimeSpan.FromMinutes(5);

    /// <summary>SQLSTATE invalid_authorization_specification (pg_hba.conf reject, peer failure) and invalid_password.</summary>
    private static readonly string[] RefusedStates = ["28000", "28P01"];

    /// <summary>One <c>ensure</c> and one <c>url</c> for the class: the script is idempotent, and each run takes seconds.</summary>
    private static readonly Lazy<Task<PostgresServer>> Repository = new(() => PostgresServer.RepositoryAsync());

    private static readonly Lazy<Task<string>> ServiceUrl = new(() => ScriptLineAsync("url"));

    [Theory]
    [InlineData(null)]
    [InlineData("postgres")]
    public async Task Superuser_OverTcp_IsRefusedWithOrWithoutPassword(string? password)
    {
        var server = await Repository.Value;
        var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
        Assert.True(PostgresServer.IsUnixSocket(admin.Host), admin.Host);
        var overTcp = new NpgsqlConnectionStringBuilder(admin.ConnectionString)
        {
            Host = PostgresServer.SocketServerTcpHost, Password = password, Pooling = false, Timeout = 5,
        };

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(overTcp.ConnectionString));

        Assert.Contains(refusal.SqlState, RefusedStates);
    }

    [Fact]
    public async Task Superuser_OverSocketAsThisAccount_IsAllowedByPeerAuthentication()
    {
        var server = await Repository.Value;

        await using var connection = await OpenAsync(server.AdminConnectionString);

        Assert.True(await ScalarAsync<bool>(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
    }

    [Fact]
    public async Task ServiceRole_OverTcpWithItsPassword_IsNotSuperuserAndOwnsItsDatabase()
    {
        var service = new NpgsqlConnectionStringBuilder(await ServiceUrl.Value) { Pooling = false };
        Assert.Equal(PostgresServer.SocketServerTcpHost, service.Host);

        await using var connection = await OpenAsync(service.ConnectionString);

        Assert.False(await ScalarAsync<bool>(connection,
            "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = current_user"));
        Assert.True(await ScalarAsync<bool>(connection,
            "SELECT pg_get_userbyid(datdba) = current_user FROM pg_database WHERE datname = current_database()"));
        Assert.False(await ScalarAsync<bool>(connection, "SELECT pg_has_role(current_user, 'pg_read_server_files', 'USAGE')"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-password")]
    public async Task ServiceRole_WithoutItsPassword_IsRefused(string? password)
    {
        var service = new NpgsqlConnectionStringBuilder(await ServiceUrl.Value) { Password = password, Pooling = false, Timeout = 5 };

        // Without a password Npgsql gives up when the server asks for one; with a wrong one the server refuses (28P01).
        var refusal = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(service.ConnectionString));

        Assert.Contains("password", refusal.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(password is null || refusal is PostgresException { SqlState: "28P01" }, refusal.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task PasswordFile_IsReadableByItsOwnerOnly()
    {
        await Repository.Value;
        var layout = RepositoryLayout.Find()!;
        var file = Path.Combine(layout.Root, ".data", "postgres.allocation_service.password");

        var mode = File.GetUnixFileMode(file);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.False(new FileInfo(file).Attributes.HasFlag(FileAttributes.ReparsePoint));
    }

    /// <summary>
    /// The reproduction: the unprivileged account nobody asks for the admin role, over the socket (over TCP
    /// it is refused to everyone). Runs psql as nobody through runuser, which needs root, as scripts/postgres.sh does.
    /// </summary>
    [Fact]
    public async Task OtherLocalAccount_AsSuperuserOverSocket_IsRefused()
    {
        var server = await Repository.Value;
        var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
        var psql = Directory.GetFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();

        var (exitCode, output, error) = await ShortProcess.RunAsync("runuser",
            ["-u", "nobody", "--", psql, "-h", admin.Host!, "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-U", "postgres", "-d", "postgres", "-w", "-Atc", "SELECT 1"],
            "/", ScriptTimeLimit, CancellationToken.None);

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("1", output, StringComparison.Ordinal);
        Assert.Contains("Peer authentication failed", error, StringComparison.Ordinal);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> ScriptLineAsync(string verb)
    {
        var layout = RepositoryLayout.Find()!;
        await Repository.Value;
        var (exitCode, output, error) = await ShortProcess.RunAsync(layout.PostgresScript, [verb], layout.Root, ScriptTimeLimit, CancellationToken.None);
        Assert.True(exitCode == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }
}
