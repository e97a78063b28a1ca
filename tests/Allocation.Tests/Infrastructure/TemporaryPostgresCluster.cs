using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Allocation.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb into a temporary directory, loopback, a free port), for tests that stop
/// and start the server: the repository's cluster is shared and never stopped by a test. Needs the server binaries that
/// scripts/postgres.sh installs; as root, the server runs as the postgres user (it refuses to run as root).
/// </summary>
public sealed class TemporaryPostgresCluster : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";

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

    public string AdminConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5";

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
        await cluster.RunServerToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    private string DataDirectory => Path.Combine(directory, "data");

    /// <summary>Starts the server (again), on the same port and data.</summary>
    public Task StartServerAsync() => RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={directory} -c fsync=on -c synchronous_commit=on -c max_connections={maxConnections}", "start"]);

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
