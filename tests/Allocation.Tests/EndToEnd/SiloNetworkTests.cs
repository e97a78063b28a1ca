using Allocation.Contracts.Access;
using Allocation.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using System.Net;
using System.Net.Sockets;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// The silo network takes no Orleans client: the API runs inside the silo, so the gateway stays closed unless an
/// operator opens it (and then, as the second test shows, any client on the network may call any grain).
/// </summary>
public sealed class SiloNetworkTests
{
    private static readonly TimeSpan ClientConnectTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task OrleansClient_DefaultHost_IsRefusedAtTheGatewayAndTheSiloPort()
    {
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        var (settings, siloPort, gatewayPort) = SettingsWithPorts(database.ConnectionString);
        await using var host = await HostProcess.StartAsync(settings);

        var gatewayListening = await IsListeningAsync(gatewayPort);
        var viaGateway = await TryClientAsync(settings, gatewayPort);
        var viaSiloPort = await TryClientAsync(settings, siloPort);

        Assert.False(gatewayListening, "something listens on the gateway port");
        Assert.NotNull(viaGateway);
        Assert.NotNull(viaSiloPort);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task OrleansClient_GatewayOpenedByTheOperator_ConnectsAndReadsKeys()
    {
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        var (settings, _, gatewayPort) = SettingsWithPorts(database.ConnectionString);
        settings["Allocation:Host:GatewayEnabled"] = "true";
        await using var host = await HostProcess.StartAsync(settings);

        var failure = await TryClientAsync(settings, gatewayPort);

        Assert.Null(failure);
    }

    private static (Dictionary<string, string> Settings, int SiloPort, int GatewayPort) SettingsWithPorts(string connectionString)
    {
        var settings = HostFixture.Settings(connectionString);
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        settings["Allocation:Host:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Allocation:Host:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (settings, siloPort, gatewayPort);
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>An Orleans client of the host's cluster at this endpoint; null when it connected and read a tenant's keys, else why not.</summary>
    private static async Task<Exception?> TryClientAsync(Dictionary<string, string> settings, int port)
    {
        using var client = new HostBuilder()
            .UseOrleansClient(orleans => orleans
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port))
                .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (settings["Allocation:Host:ClusterId"], "allocation")))
            .Build();
        using var timeout = new CancellationTokenSource(ClientConnectTimeout);
        try
        {
            await client.StartAsync(timeout.Token);
            var keys = client.Services.GetRequiredService<IClusterClient>().GetGrain<IAccessKeysGrain>("default");
            await keys.List().WaitAsync(timeout.Token);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await client.StopAsync(stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or OrleansException)
            {
                // A client that never connected may not stop cleanly.
            }
        }
    }
}
