using Allocation.Tests.Infrastructure;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// A durable host opens connections in both of its pools before it listens, so the burst of requests that meets a
/// restarted host finds them open instead of waiting for new backends and SCRAM handshakes.
/// </summary>
public sealed class ConnectionPoolWarmUpTests
{
    /// <summary>The host's ConnectionPoolWarmUp.ConnectionsPerPoolMax, in each of its two pools (ledger, Orleans).</summary>
    private const int WarmedConnectionsPerPool = 8;

    private const int PoolsPerHost = 2;

    [Fact]
    public async Task Start_PostgresWithoutSeeding_PoolsHoldWarmedConnectionsBeforeAnyRequest()
    {
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        var settings = HostFixture.Settings(database.ConnectionString);
        settings["Allocation:Host:SeedDemoData"] = "false";
        await using var host = await HostProcess.StartAsync(settings);

        // Read before any request reaches the host: what it holds is what it opened while starting.
        var connections = await database.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database.Name}' AND usename = '{database.Role}' AND pid <> pg_backend_pid()");

        Assert.True(connections >= WarmedConnectionsPerPool * PoolsPerHost, $"{connections} connections open after the banner");
    }
}
