using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Allocation.Tests.Support;

public static class ClusterServices
{
    /// <summary>A service of the first silo, for looking behind the grains (the ledger, the writer).</summary>
    public static T Get<T>(this InProcessTestCluster cluster)
        where T : notnull =>
        cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<T>();
}
