using Allocation.Load.Profiles;

namespace Allocation.Load.Hosting;

/// <summary>
/// The host started by the harness: durable, on a scratch database of the repository's PostgreSQL, on free loopback
/// ports. Disposing stops it with Ctrl-C and drops the database (unless kept).
/// </summary>
public sealed class StartedServiceTarget : IServiceTarget
{
    private readonly ServiceHost host;
    private readonly PostgresProvisioner postgres;
    private readonly string connectionString;
    private readonly bool keepDatabase;

    private StartedServiceTarget(ServiceHost host, PostgresProvisioner postgres, string connectionString, bool keepDatabase)
    {
        this.host = host;
        this.postgres = postgres;
        this.connectionString = connectionString;
        this.keepDatabase = keepDatabase;
    }

    public Uri BaseAddress => host.BaseAddress;

    public string? ApiKey => host.Settings.AdminKey;

    public string Description => $"host started by the harness (durable, PostgreSQL scratch database, {host.BaseAddress})";

    public Func<Task>? KillAndRestart => async () =>
    {
        await host.KillAsync();
        await host.StartAsync(CancellationToken.None);
    };

    public static async Task<StartedServiceTarget> StartAsync(
        RepositoryLayout layout, string? postgresConnectionString, HostProfile profile, string runId, string logPath, bool keepDatabase, TextWriter progress, CancellationToken cancellationToken)
    {
        await EnsureHostBuiltAsync(layout, progress, cancellationToken);
        var postgres = await PostgresProvisioner.FindAsync(postgresConnectionString, layout, cancellationToken);
        var connectionString = await postgres.CreateScratchDatabaseAsync(runId, cancellationToken);
        var settings = new HostSettings(layout.HostAssembly, connectionString, FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), profile.DemoSkuCount, profile.DemoStockUnitsPerStore, HostSettings.NewAdminKey());
        var host = new ServiceHost(settings, logPath);
        var target = new StartedServiceTarget(host, postgres, connectionString, keepDatabase);
        progress.WriteLine($"starting the host on {settings.BaseAddress} (scratch database {new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database}; seeding the demo network)");
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }

        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        await host.DisposeAsync();
        if (!keepDatabase)
        {
            await postgres.DropDatabaseAsync(connectionString, CancellationToken.None);
        }
    }

    private static async Task EnsureHostBuiltAsync(RepositoryLayout layout, TextWriter progress, CancellationToken cancellationToken)
    {
        if (File.Exists(layout.HostAssembly))
        {
            return;
        }

        progress.WriteLine($"building the host ({layout.HostAssembly} is missing)");
        var (exitCode, output, _) = await ProcessRunner.RunAsync("dotnet", ["build", layout.HostProject, "-c", "Release", "-nologo", "-v", "quiet"], layout.Root, cancellationToken);
        if (exitCode != 0 || !File.Exists(layout.HostAssembly))
        {
            throw new HarnessSetupException($"building {layout.HostProject} failed (exit {exitCode}): {output.Trim().Split('\n').LastOrDefault()}");
        }
    }
}
