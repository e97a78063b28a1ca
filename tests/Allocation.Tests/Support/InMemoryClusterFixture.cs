using Allocation.Grains.Common;
using Allocation.Grains.Hosting;
using Allocation.Grains.Sourcing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Allocation.Tests.Support;

/// <summary>One in-process silo with in-memory storage and a fake clock, shared by a test collection. Tests use unique keys.</summary>
public sealed class InMemoryClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureForTests(silo, Time);
            silo.AddAllocationGrains(AllocationStorage.InMemory);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>What every in-process test silo shares: the fake business clock and no background timers of its own.</summary>
    internal static void ConfigureForTests(ISiloBuilder silo, FakeTimeProvider time)
    {
        silo.Services.AddSingleton(new AllocationClock(time));
        // Micro-batches take only what is queued: their gathering window would wait on the fake clock.
        silo.Services.Configure<SourcingOptions>(options => options.MicroBatchWindowMilliseconds = 0);
        // Tests run re-optimisation when they mean to; a timer after each receipt would run it behind their backs.
        // The joint plan stops at its wall-time limit with what it has (Planning's TimeLimitTests cover that on fake
        // clocks); here a cold, loaded CI machine must not decide what a re-optimisation test sees, so the limit is the
        // option's maximum.
        silo.Services.Configure<ReoptimizationOptions>(options =>
        {
            options.AfterStockChangeDelaySeconds = 0;
            options.SolveTimeLimitMilliseconds = 60_000;
        });
    }
}

[CollectionDefinition(Name)]
public sealed class InMemoryClusterCollection : ICollectionFixture<InMemoryClusterFixture>
{
    public const string Name = "in-memory cluster";
}
