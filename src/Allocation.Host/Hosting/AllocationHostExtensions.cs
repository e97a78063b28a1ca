using Allocation.Grains.Common;
using Allocation.Grains.Hosting;
using Allocation.Grains.Storage;
using System.Net;
using Npgsql;
using Orleans.Configuration;

namespace Allocation.Host.Hosting;

public static class AllocationHostExtensions
{
    public const string LivenessTag = "live";

    /// <summary>The Orleans silo (with the HTTP API in the same process), its storage and clustering, seeding and the start-up banner.</summary>
    public static AllocationHostOptions AddAllocationHost(this WebApplicationBuilder builder)
    {
        var options = HostOptionsReader.Read(builder.Configuration);
        var tls = HostOptionsReader.ReadSection<SiloTlsOptions>(builder.Configuration, SiloTlsOptions.SectionName);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(tls);
        builder.UseOrleans(silo =>
        {
            SiloTls.Apply(silo, tls, options);
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (options.Storage == StorageMode.InMemory)
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPortOrNone, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.AddAllocationGrains(AllocationStorage.InMemory);
                return;
            }

            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.AdvertisedIPAddress = options.Advertised;
                endpoints.SiloPort = options.SiloPort;
                endpoints.GatewayPort = options.GatewayPortOrNone;
                endpoints.SiloListeningEndpoint = new IPEndPoint(options.Listen, options.SiloPort);
                endpoints.GatewayListeningEndpoint = options.GatewayEnabled ? new IPEndPoint(options.Listen, options.GatewayPort) : null;
            });
            silo.Services.AddMembershipTuning();
            silo.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = AllocationSiloBuilderExtensions.PostgresInvariant;
                clustering.ConnectionString = options.ConnectionString;
            });
            silo.AddAllocationGrains(new AllocationStorage(options.ConnectionString));
        });
        builder.Services.AddValidatedOptions<DemoOptions>(DemoOptions.SectionName);
        if (options.SeedDemoData)
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }

        // After the seeding (the network it imports), before the banner.
        builder.Services.AddHostedService<SolverWarmUpService>();
        builder.Services.AddHostedService<ConnectionPoolWarmUp>();

        builder.Services.AddHostedService<StartupBanner>();
        // Readiness (/health) runs every check; liveness (/alive) only those tagged "live": the process answers.
        builder.Services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck>("ready")
            .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), tags: [LivenessTag]);
        return options;
    }

    /// <summary>The validated <see cref="MembershipTuningOptions"/>, applied to Orleans' membership protocol.</summary>
    private static void AddMembershipTuning(this IServiceCollection services)
    {
        services.AddValidatedOptions<MembershipTuningOptions>(MembershipTuningOptions.SectionName);
        services.AddOptions<ClusterMembershipOptions>().Configure<Microsoft.Extensions.Options.IOptions<MembershipTuningOptions>>((membership, tuning) =>
        {
            var value = tuning.Value;
            membership.ProbeTimeout = TimeSpan.FromSeconds(value.ProbeTimeoutSeconds);
            membership.NumMissedProbesLimit = value.MissedProbesLimit;
            membership.NumProbedSilos = value.ProbedSilos;
            membership.NumVotesForDeathDeclaration = value.VotesForDeathDeclaration;
            membership.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(value.DeathVoteExpirationSeconds);
            membership.TableRefreshTimeout = TimeSpan.FromSeconds(value.TableRefreshSeconds);
        });
    }

    /// <summary>/health (readiness: every check) and /alive (liveness: the checks tagged live), unauthenticated, no data in them.</summary>
    public static WebApplication MapAllocationHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = check => check.Tags.Contains(LivenessTag) });
        return app;
    }

    /// <summary>
    /// RunAsync, except for a stop asked for while starting (Ctrl-C during the demo seeding): RunAsync rethrows the
    /// cancellation, which crashes the process, and leaves the started silo to disposal, which stops it abruptly.
    /// Here the host stops what it started, the silo gracefully, and the process exits normally.
    /// </summary>
    public static async Task RunUntilStoppedAsync(this WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Stopped before start-up finished: the stop below still runs.
        }

        await app.WaitForShutdownAsync();
    }

    /// <summary>Applies the schema before the silo starts: clustering and storage read their SQL from it.</summary>
    public static async Task PrepareStorageAsync(this WebApplication app, AllocationHostOptions options)
    {
        if (options.Storage != StorageMode.Postgres)
        {
            return;
        }

        try
        {
            await SchemaMigrator.ApplyAsync(options.ConnectionString!, app.Lifetime.ApplicationStopping);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            var server = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            throw new HostConfigurationException($"PostgreSQL at {server.Host}:{server.Port} could not be prepared: {exception.Message}", exception);
        }
    }
}
