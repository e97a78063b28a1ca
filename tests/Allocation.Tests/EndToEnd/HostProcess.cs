using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Allocation.Tests.EndToEnd;

/// <summary>
/// The real host executable, started as a child process on loopback ports of its own. Readiness is a line of the host's
/// output, by default the banner it prints once it listens (seeding done), so tests wait on an event, not on a timer.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The banner: the host listens and seeding is done.</summary>
    public const string ServingLine = "Allocation is listening on";

    /// <summary>Orleans' line once the silo runs, just before the demo seeding starts (logged at Information).</summary>
    public const string SiloStartedLine = "Orleans Silo started.";

    /// <summary>The setting that gives a host its own address (silo, gateway and HTTP).</summary>
    public const string AdvertisedAddressKey = "Allocation:Host:AdvertisedAddress";

    /// <summary>
    /// What a shell without job control does to a background job (<c>host &amp;</c> in a script): SIGINT ignored, an
    /// ignore that exec keeps. The shell's "$0" and "$@" are the command and its arguments, each kept whole.
    /// </summary>
    private const string IgnoreSigintThenExec = "trap '' INT; exec \"$0\" \"$@\"";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Measured on the 2-core development machine: an idle host stops in under 1 s, one under reservation load in
    /// about 5 s. 15 s leaves room for a busy machine, yet fails a host that never hears the signal or that hangs
    /// until its own 30 s shutdown timeout gives up on a graceful stop.
    /// </summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The demo tenant's admin key of every host the tests start (configured by its digest, like run.sh's).</summary>
    public static readonly string AdminKey = NewKeyText("default", "e2e-admin");

    /// <summary>An admin key of a second tenant, for isolation tests.</summary>
    public static readonly string OtherTenantAdminKey = NewKeyText(OtherTenantId, "e2e-admin");

    public const string OtherTenantId = "other-tenant";

    /// <summary>The operator credential every test host is given: reads /metrics and /dashboard, no tenant's data.</summary>
    public static readonly string OperatorKey = NewKeyText("operators", "e2e-operator");

    /// <summary>The shared key bearer tokens are signed with on every host the tests start, and their issuer.</summary>
    public static readonly byte[] JwtSigningKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public const string JwtIssuer = "e2e-identity-provider";

    private readonly Process process;
    private readonly string readyLine;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> output = [];

    private HostProcess(Process process, Uri baseAddress, string readyLine)
    {
        this.process = process;
        this.readyLine = readyLine;
        BaseAddress = baseAddress;
        Client = ClientWithKey(AdminKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with the demo tenant's admin key: admins may call every route.</summary>
    public HttpClient Client { get; }

    /// <summary>A client of this host sending <paramref name="key"/> (none when null); the caller disposes it.</summary>
    public HttpClient ClientWithKey(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join(Environment.NewLine, output);
            }
        }
    }

    /// <summary>
    /// Starts the host with the given settings (as --key=value) on fresh ports and waits until its output shows
    /// <paramref name="readyLine"/> (by default: it serves). <paramref name="sigintIgnored"/> starts it the way a
    /// script starts a background job.
    /// </summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, bool sigintIgnored = false, string readyLine = ServingLine)
    {
        var host = Launch(settings, sigintIgnored, readyLine);
        var finished = await Task.WhenAny(host.ready.Task, host.process.WaitForExitAsync(), Task.Delay(StartTimeout));
        if (finished != host.ready.Task)
        {
            var output = host.Output;
            var exitCode = host.process.HasExited ? host.process.ExitCode : -1;
            await host.DisposeAsync();
            throw new InvalidOperationException($"host did not start (exit code {exitCode}):{Environment.NewLine}{output}");
        }

        return host;
    }

    /// <summary>Starts the host and returns its exit code and output, for configurations that must stop it.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var host = Launch(settings, sigintIgnored: false, ServingLine);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await host.process.WaitForExitAsync(timeout.Token);
        return (host.process.ExitCode, host.Output);
    }

    /// <summary>kill -9: no shutdown hooks, no flushing; only what was durable survives.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Ctrl-C: returns the exit code, or fails with the host's output when it is still running after StopTimeout.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"host still running {StopTimeout.TotalSeconds} s after SIGINT:{Environment.NewLine}{Output}");
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static HostProcess Launch(IReadOnlyDictionary<string, string> settings, bool sigintIgnored, string readyLine)
    {
        // A host given an address of its own (127.0.0.2, ...) serves HTTP there too, as a host on its own machine would.
        // (A test of a bad address gets loopback for HTTP: the host is to refuse the address, not the test.)
        var address = settings.TryGetValue(AdvertisedAddressKey, out var advertised) && IPAddress.TryParse(advertised, out var parsed) && !parsed.Equals(IPAddress.Any) ? parsed : IPAddress.Loopback;
        var httpPort = FreePort(address);
        var arguments = new List<string> { HostAssemblyPath(), $"--urls=http://{address}:{httpPort}" };
        var withPorts = new Dictionary<string, string>(settings);
        withPorts.TryAdd("Allocation:Host:SiloPort", FreePortText(address));
        withPorts.TryAdd("Allocation:Host:GatewayPort", FreePortText(address));
        AddAdminKey(withPorts, 0, "default", AdminKey);
        AddAdminKey(withPorts, 1, OtherTenantId, OtherTenantAdminKey);
        withPorts.TryAdd("Allocation:Access:OperatorKeys:0:Name", "e2e operator");
        withPorts.TryAdd("Allocation:Access:OperatorKeys:0:KeySha256", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(OperatorKey))));
        withPorts.TryAdd("Allocation:Access:Jwt:SigningKeyBase64", Convert.ToBase64String(JwtSigningKey));
        withPorts.TryAdd("Allocation:Access:Jwt:Issuer", JwtIssuer);
        arguments.AddRange(withPorts.Select(pair => $"--{pair.Key}={pair.Value}"));
        var start = sigintIgnored
            ? new ProcessStartInfo("sh", ["-c", IgnoreSigintThenExec, "dotnet", .. arguments])
            : new ProcessStartInfo("dotnet", arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = AppContext.BaseDirectory;
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, new Uri($"http://{address}:{httpPort}"), readyLine);
        process.OutputDataReceived += (_, line) => host.Record(line.Data);
        process.ErrorDataReceived += (_, line) => host.Record(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }

        if (line.Contains(readyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private static string HostAssemblyPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Allocation.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("the host is built next to the tests", path);
    }

    private static void AddAdminKey(Dictionary<string, string> settings, int index, string tenantId, string key)
    {
        var prefix = $"Allocation:Access:Keys:{index}:";
        settings.TryAdd(prefix + "Name", "e2e admin of " + tenantId);
        settings.TryAdd(prefix + "TenantId", tenantId);
        settings.TryAdd(prefix + "Role", "admin");
        settings.TryAdd(prefix + "KeySha256", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))));
    }

    private static string NewKeyText(string tenantId, string name) =>
        $"alk.{tenantId}.{name}.{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    /// <summary>A free loopback port as a setting value; a restart test passes the same one twice, like a real restart.</summary>
    public static string FreePortText(IPAddress? address = null) => FreePort(address ?? IPAddress.Loopback).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
