using Allocation.Grains.Hosting;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Allocation.Tests.Support;

/// <summary>One in-process silo whose ledger fails when a test says so (<see cref="FaultyLedgerStore"/>); fake clock; unique keys per test.</summary>
public sealed class FaultyClusterFixture : IAsyncLifetime
{
    public const int PendingWritesMax = 1_000;

    public FakeTimeProvider Time { get; } = new(InMemoryClusterFixture.Start);

    internal FaultyLedgerStore Ledger { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            InMemoryClusterFixture.ConfigureForTests(silo, Time);
            // The smallest back-pressure limit, so a test can pile up enough writes behind a held disk to be turned away.
            silo.Services.Configure<LedgerWriterOptions>(options => options.PendingEntriesMax = PendingWritesMax);
            silo.AddAllocationGrains(AllocationStorage.InMemory);
            silo.Services.AddSingleton<ILedgerStore>(Ledger);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FaultyClusterCollection : ICollectionFixture<FaultyClusterFixture>
{
    public const string Name = "faulty-ledger cluster";
}
