using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Allocation.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb into a temporary directory, loopback, a free port), for tests that stop
/// and start the server: the repository's cluster is shared and never stopped by a test. Needs the server binaries that
/// scripts/postgres.sh installs; as root, the server runs as the postgres user (it refuses to run as root).
/// Authentication is scripts/postgres.sh's: the admin role postgres over the Unix socket only, by peer authentication
/// (the OS accounts postgres and the one running the tests); every other role with its password (scram-sha-256);
/// nothing is trusted.
/// </summary>
public sealed class TemporaryPostgresCluster : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";

    /// <summary>The peer map naming the OS accounts that may act as the admin role (as in scripts/postgres.sh).</summary>
    private const string AdminMap = "allocation_admin";

    private readonly string directory;
    private readonly string binaries;

    private readonly int maxConnections;

    private TemporaryPostgresCluster(string directory, string binaries, int port, int maxConnections)
    {
        this.directory = directory;
        this.binaries = binaries;
        this.maxConnections = maxConnections;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The admin role postgres, over the server's Unix socket (peer authentication).</summary>
    public string AdminConnectionString(string database = "postgres") =>
        $"Host={directory};Port={Port};Username=postgres;Database={database};Timeout=5";

    /// <summary>
    /// A database owned by a new login role that is not a superuser, with a random password: the role's connection
    /// string over TCP on loopback, as the service connects.
    /// </summary>
    public async Task<string> CreateServiceDatabaseAsync(string database, string role)
    {
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await ExecuteAdminAsync($"CREATE ROLE {role} LOGIN NOSUPERUSER PASSWORD '{password}'");
        await CreateDatabaseAsync($"{database} OWNER {role}");
        return ServiceConnectionString(database, role, password);
    }

    /// <summary>A role's connection over TCP on loopback with its password.</summary>
    public string ServiceConnectionString(string database, string role, string password) =>
        $"Host=127.0.0.1;Port={Port};Username={role};Password={password};Database={database};Timeout=5";

    /// <summary>A new server; <paramref name="maxConnections"/> is its max_connections (small, for tests of the connection budget).</summary>
    public static async Task<TemporaryPostgresCluster> StartAsync(int maxConnections = 200)
    {
        var binaries = Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot).Select(version => Path.Combine(version, "bin")).Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderBy(bin => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : new Version(0, 0)).LastOrDefault()
            : null;
        if (binaries is null)
        {
            throw new InvalidOperationException($"no PostgreSQL server under {BinariesRoot}; run scripts/postgres.sh ensure (it installs it)");
        }

        var directory = Path.Combine(Path.GetTempPath(), "allocation-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var cluster = new TemporaryPostgresCluster(directory, binaries, FreePort(), maxConnections);
        await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
        await cluster.RunServerToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "--auth-local=peer", "--auth-host=reject", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.WriteAuthenticationAsync();
        await cluster.StartServerAsync();
        return cluster;
    }

    private string DataDirectory => Path.Combine(directory, "data");

    /// <summary>pg_hba.conf and pg_ident.conf as scripts/postgres.sh writes them (first match wins).</summary>
    private async Task WriteAuthenticationAsync()
    {
        string[] hba =
        [
            "# Written by TemporaryPostgresCluster, as scripts/postgres.sh ensure writes it.",
            $"local   all       postgres                 peer map={AdminMap}",
            "local   all       all                      scram-sha-256",
            "host    all       postgres  127.0.0.1/32   reject",
            "host    all       postgres  ::1/128        reject",
            "host    all       all       127.0.0.1/32   scram-sha-256",
            "host    all       all       ::1/128        scram-sha-256",
        ];
        var accounts = new[] { "postgres", Environment.UserName }.Distinct(StringComparer.Ordinal);
        await File.WriteAllLinesAsync(Path.Combine(DataDirectory, "pg_hba.conf"), hba);
        await File.WriteAllLinesAsync(Path.Combine(DataDirectory, "pg_ident.conf"), accounts.Select(account => $"{AdminMap}  {account}  postgres"));
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", Path.Combine(DataDirectory, "pg_hba.conf"), Path.Combine(DataDirectory, "pg_ident.conf")], asPostgres: false);
        }
    }

    /// <summary>Starts the server (again), on the same port and data.</summary>
    public Task StartServerAsync() => RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={directory} -c password_encryption=scram-sha-256 -c fsync=on -c synchronous_commit=on -c max_connections={maxConnections}", "start"]);

    /// <summary>Stops the server as a crash would (immediate: no checkpoint, connections cut); what was committed survives.</summary>
    public Task StopServerAsync() => RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);

    public Task CreateDatabaseAsync(string name) => ExecuteAdminAsync($"CREATE DATABASE {name}");

    /// <summary>One statement as the superuser, on the postgres database.</summary>
    public async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(directory, recursive: true);
    }

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments) =>
        RunAsync(Path.Combine(binaries, tool), arguments, asPostgres: Environment.UserName == "root");

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments]) : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
