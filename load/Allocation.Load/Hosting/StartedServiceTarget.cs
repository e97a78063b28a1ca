using System.Globalization;
using Allocation.Load.Profiles;
using Allocation.TestKit;

namespace Allocation.Load.Hosting;

/// <summary>
/// The host started by the harness through the test kit: durable, on a scratch database of the repository's PostgreSQL
/// with a role of its own, on free loopback ports, in a session of its own (a Ctrl-C reaches the harness, which finishes
/// its checks against a host still up), its output in a log beside the reports. Disposing stops it with Ctrl-C and
/// drops the database (unless kept).
/// </summary>
public sealed class StartedServiceTarget : IServiceTarget
{
    /// <summary>A cold start seeds 400 stores x the demo SKUs through durable receipts; a warm one is a few seconds.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    /// <summary>A host under load stopped in about 5 s; past this it is killed.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private const int OutputLinesKept = 200;

    private readonly HostProcess host;
    private readonly ScratchDatabase database;
    private readonly bool keepDatabase;

    private StartedServiceTarget(HostProcess host, ScratchDatabase database, bool keepDatabase)
    {
        this.host = host;
        this.database = database;
        this.keepDatabase = keepDatabase;
    }

    public Uri BaseAddress => host.BaseAddress;

    public string? ApiKey => HostProcess.AdminKey;

    public string Description => $"host started by the harness (durable, PostgreSQL scratch database, {host.BaseAddress})";

    public Func<Task>? KillAndRestart => () => host.RestartAsync();

    public static async Task<StartedServiceTarget> StartAsync(
        RepositoryLayout layout, string? postgresConnectionString, HostProfile profile, string logPath, bool keepDatabase, TextWriter progress, CancellationToken cancellationToken)
    {
        ScratchDatabase? database = null;
        try
        {
            var assembly = await HostBuild.InRepositoryAsync(layout, rebuild: false, progress, cancellationToken);
            var server = await PostgresServer.FindAsync(postgresConnectionString, cancellationToken);
            database = await ScratchDatabase.CreateAsync("load", server, cancellationToken: cancellationToken);
            var launch = new HostLaunch(assembly, Settings(database, profile))
            {
                OwnSession = true,
                LogPath = logPath,
                OutputLinesKept = OutputLinesKept,
                StartTimeout = StartTimeout,
                StopTimeout = StopTimeout,
            };
            progress.WriteLine($"starting the host (scratch database {database.Name}; seeding the demo network)");
            var host = await HostProcess.StartAsync(launch, cancellationToken);
            progress.WriteLine($"the host listens on {host.BaseAddress}");
            return new StartedServiceTarget(host, database, keepDatabase);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or FileNotFoundException)
        {
            if (database is not null && !keepDatabase)
            {
                await database.DisposeAsync();
            }

            throw new HarnessSetupException($"{exception.Message.Split(Environment.NewLine)[0]} (the host's output: {logPath})", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync();
        }
        catch (TimeoutException)
        {
            // Killed after StopTimeout; the invariant checks are already done.
        }

        await host.DisposeAsync();
        if (!keepDatabase)
        {
            await database.DisposeAsync();
        }
    }

    private static Dictionary<string, string> Settings(ScratchDatabase database, HostProfile profile) => new()
    {
        ["Allocation:Host:Storage"] = "Postgres",
        ["Allocation:Host:ConnectionString"] = database.ConnectionString,
        ["Allocation:Demo:SkuCount"] = profile.DemoSkuCount.ToString(CultureInfo.InvariantCulture),
        ["Allocation:Demo:StockUnitsPerStore"] = profile.DemoStockUnitsPerStore.ToString(CultureInfo.InvariantCulture),
    };
}
