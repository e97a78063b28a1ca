using Allocation.Contracts.Access;
using Allocation.Host.Hosting;
using Allocation.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// The silo network takes no Orleans client: the API runs inside the silo, so the gateway stays closed unless an
/// operator opens it (and then, as the second test shows, any client on the network may call any grain). With silo TLS
/// on, only a peer with a certificate of the cluster's authority gets through, at the gateway as at the silo port.
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

    [Fact]
    public async Task OrleansClient_HostRequiringTls_RefusedWithoutTheAuthoritysCertificate()
    {
        using var certificates = new CertificateDirectory();
        var cluster = await certificates.MakeAsync("cluster", "silo");
        var stranger = await certificates.MakeAsync("stranger", "client");
        var member = await certificates.MakeAsync("cluster", "client");
        await using var database = await TestDatabases.CreateAsync(serviceRole: true);
        var (settings, siloPort, gatewayPort) = SettingsWithPorts(database.ConnectionString);
        // The gateway open on purpose: TLS, not a closed port, is what must refuse.
        settings["Allocation:Host:GatewayEnabled"] = "true";
        settings["Allocation:SiloTls:Mode"] = "Required";
        settings["Allocation:SiloTls:CertificatePath"] = cluster.CertificatePath;
        settings["Allocation:SiloTls:KeyPath"] = cluster.KeyPath;
        settings["Allocation:SiloTls:AuthorityPath"] = cluster.AuthorityPath;
        await using var host = await HostProcess.StartAsync(settings);
        using var authority = SiloTls.LoadCertificateOnly(cluster.AuthorityPath);

        var attempts = await Task.WhenAll(
            TryClientAsync(settings, gatewayPort),
            TryClientAsync(settings, gatewayPort, client => client.UseTls(options => TrustOnly(options, authority))),
            TryClientAsync(settings, gatewayPort, client => client.UseTls(stranger.Load(), options => TrustOnly(options, authority))),
            TryClientAsync(settings, siloPort, client => client.UseTls(stranger.Load(), options => TrustOnly(options, authority))),
            TryClientAsync(settings, gatewayPort, client => client.UseTls(member.Load(), options => TrustOnly(options, authority))));

        Assert.NotNull(attempts[0]); // no TLS at all
        Assert.NotNull(attempts[1]); // TLS without a certificate of its own
        Assert.NotNull(attempts[2]); // a certificate of another authority, at the gateway
        Assert.NotNull(attempts[3]); // the same, at the silo port
        Assert.Null(attempts[4]); // a certificate of the cluster's authority gets through: the refusals are TLS's doing
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory]
    [InlineData(null, "CertificatePath is missing: silo TLS is on because Allocation:Host:AdvertisedAddress 192.0.2.10 is not loopback")]
    [InlineData("stranger", "CertificatePath: not signed by the authority in AuthorityPath")]
    public async Task Prepare_NotLoopbackWithoutTheAuthoritysCertificate_RefusesNamingTheSetting(string? certificateAuthority, string expected)
    {
        using var certificates = new CertificateDirectory();
        var cluster = await certificates.MakeAsync("cluster", "silo");
        var tls = new SiloTlsOptions();
        if (certificateAuthority is not null)
        {
            var other = await certificates.MakeAsync(certificateAuthority, "silo");
            (tls.CertificatePath, tls.KeyPath, tls.AuthorityPath) = (other.CertificatePath, other.KeyPath, cluster.AuthorityPath);
        }

        var refusal = Assert.Throws<HostConfigurationException>(() => SiloTls.Prepare(tls, new AllocationHostOptions { AdvertisedAddress = "192.0.2.10" }));

        Assert.Contains("Allocation:SiloTls:" + expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_NotLoopbackWithTheAuthoritysCertificate_LoadsItWithItsKey()
    {
        using var certificates = new CertificateDirectory();
        var cluster = await certificates.MakeAsync("cluster", "silo");
        var tls = new SiloTlsOptions { CertificatePath = cluster.CertificatePath, KeyPath = cluster.KeyPath, AuthorityPath = cluster.AuthorityPath };

        var prepared = SiloTls.Prepare(tls, new AllocationHostOptions { AdvertisedAddress = "192.0.2.10" });

        Assert.NotNull(prepared);
        Assert.True(prepared.Value.Certificate.HasPrivateKey);
        Assert.Null(SiloTls.Prepare(tls, new AllocationHostOptions { AdvertisedAddress = "127.0.0.1" }));
    }

    [Theory]
    [InlineData(SiloTlsMode.Auto, "127.0.0.1", false)]
    [InlineData(SiloTlsMode.Auto, "127.0.0.3", false)]
    [InlineData(SiloTlsMode.Auto, "::1", false)]
    [InlineData(SiloTlsMode.Auto, "10.0.0.12", true)]
    [InlineData(SiloTlsMode.Required, "127.0.0.1", true)]
    [InlineData(SiloTlsMode.Off, "10.0.0.12", false)]
    public void IsOn_ModeAndAdvertisedAddress_OnOffTheNetworkOnly(SiloTlsMode mode, string advertised, bool expected)
    {
        Assert.Equal(expected, new SiloTlsOptions { Mode = mode }.IsOn(IPAddress.Parse(advertised)));
    }

    private static void TrustOnly(TlsOptions options, X509Certificate2 authority)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) => SiloTls.IsSignedBy(remote, authority);
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

    /// <summary>
    /// True when a connection to the port is accepted by a listener. Linux may connect a socket to itself when the port
    /// it dials is a free ephemeral port and it happens to pick the same one as its own (a "self-connect"): not a listener.
    /// </summary>
    private static async Task<bool> IsListeningAsync(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return ((IPEndPoint)socket.LocalEndPoint!).Port != port;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>An Orleans client of the host's cluster at this endpoint; null when it connected and read a tenant's keys, else why not.</summary>
    private static async Task<Exception?> TryClientAsync(Dictionary<string, string> settings, int port, Action<IClientBuilder>? configure = null)
    {
        using var client = new HostBuilder()
            .UseOrleansClient(orleans =>
            {
                orleans
                    .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port))
                    .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (settings["Allocation:Host:ClusterId"], "allocation"));
                configure?.Invoke(orleans);
            })
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

    /// <summary>Authorities and certificates made by scripts/silo-certificate.sh, in a directory of the test's own.</summary>
    private sealed class CertificateDirectory : IDisposable
    {
        private static readonly TimeSpan ScriptTimeLimit = TimeSpan.FromMinutes(1);

        private readonly string root = Path.Combine(Path.GetTempPath(), "allocation-tls-" + Guid.NewGuid().ToString("N")[..12]);

        /// <summary><paramref name="name"/>'s certificate (for 127.0.0.1), signed by the authority named <paramref name="authority"/>.</summary>
        public async Task<IssuedCertificate> MakeAsync(string authority, string name)
        {
            var layout = RepositoryLayout.Find()!;
            var directory = Path.Combine(root, authority);
            var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(layout.Root, "scripts", "silo-certificate.sh"), [name, "127.0.0.1"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["ALLOCATION_SILO_TLS_DIR"] = directory },
            };
            using var process = System.Diagnostics.Process.Start(start)!;
            using var limit = new CancellationTokenSource(ScriptTimeLimit);
            var output = await process.StandardOutput.ReadToEndAsync(limit.Token);
            var error = await process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            Assert.True(process.ExitCode == 0, error);
            Assert.Contains($"--Allocation:SiloTls:CertificatePath={directory}/{name}.pem", output, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, name + ".key")));
            }
            return new IssuedCertificate(Path.Combine(directory, name + ".pem"), Path.Combine(directory, name + ".key"), Path.Combine(directory, "ca.pem"));
        }

        public void Dispose() => Directory.Delete(root, recursive: true);
    }

    private sealed record IssuedCertificate(string CertificatePath, string KeyPath, string AuthorityPath)
    {
        public X509Certificate2 Load() => X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
    }
}
