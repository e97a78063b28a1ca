using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Allocation.TestKit;

/// <summary>
/// The real host executable as a child process on ports of its own (HTTP, silo, gateway: chosen free once and kept
/// across <see cref="RestartAsync"/>, as a real restart keeps them), with credentials of its own: an admin key of the
/// demo tenant and of a second tenant, configured by their digests, and a signing key for bearer tokens. Ready is a line
/// of its output (by default the banner it prints once it listens, seeding done), so callers wait on an event, not a
/// timer. Disposing stops it (SIGINT, then SIGKILL), and so does the caller's exit by any other way.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The setting that gives a host its own address (silo, gateway and HTTP).</summary>
    public const string AdvertisedAddressKey = "Allocation:Host:AdvertisedAddress";

    public const string DefaultTenantId = "default";

    public const string OtherTenantId = "other-tenant";

    public const string JwtIssuer = "testkit-identity-provider";

    /// <summary>
    /// What a shell without job control does to a background job (<c>host &amp;</c> in a script): SIGINT ignored, an
    /// ignore that exec keeps. The shell's "$0" and "$@" are the command and its arguments, each kept whole.
    /// </summary>
    private const string IgnoreSigintThenExec = "trap '' INT; exec \"$0\" \"$@\"";

    /// <summary>The demo tenant's admin key of every host this process starts (the host knows only its SHA-256).</summary>
    public static readonly string AdminKey = NewKeyText(DefaultTenantId, "kit-admin");

    /// <summary>An admin key of a second tenant, for isolation tests.</summary>
    public static readonly string OtherTenantAdminKey = NewKeyText(OtherTenantId, "kit-admin");

    /// <summary>The operator credential every host this process starts is given: reads /metrics and /dashboard, no tenant's data.</summary>
    public static readonly string OperatorKey = NewKeyText("operators", "kit-operator");

    /// <summary>The shared key bearer tokens are signed with on every host this process starts.</summary>
    public static readonly byte[] JwtSigningKey = RandomNumberGenerator.GetBytes(32);

    private readonly HostLaunch launch;
    private readonly IReadOnlyList<string> arguments;
    private readonly Queue<string> output = new();
    private readonly Lock outputLock = new();
    private Process? process;
    private TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(HostLaunch launch, Uri baseAddress, IReadOnlyList<string> arguments)
    {
        this.launch = launch;
        this.arguments = arguments;
        BaseAddress = baseAddress;
        Client = ClientWithKey(AdminKey);
        AppDomain.CurrentDomain.ProcessExit += KillOnProcessExit;
    }

    public Uri BaseAddress { get; }

    /// <summary>A client with the demo tenant's admin key: admins may call every route.</summary>
    public HttpClient Client { get; }

    public int ProcessId => process?.Id ?? 0;

    public bool HasExited => process is null || process.HasExited;

    /// <summary>The output kept so far, standard output and error interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (outputLock)
            {
                return string.Join(Environment.NewLine, output);
            }
        }
    }

    /// <summary>Starts the host and waits until it is ready; fails with the end of its output when it exits or times out first.</summary>
    public static async Task<HostProcess> StartAsync(HostLaunch launch, CancellationToken cancellationToken = default)
    {
        var host = Create(launch);
        try
        {
            await host.LaunchAndWaitAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>
    /// The host built next to the running tests, started with <paramref name="settings"/>; <paramref name="sigintIgnored"/>
    /// starts it the way a script starts a background job.
    /// </summary>
    public static Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, bool sigintIgnored = false, string readyLine = HostLaunch.ServingLine) =>
        StartAsync(new HostLaunch(HostBuild.NextToRunningBinary(), settings) { SigintIgnored = sigintIgnored, ReadyLine = readyLine });

    /// <summary>The host built next to the running tests, run to its exit (a configuration it must refuse).</summary>
    public static Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string> settings) =>
        RunToExitAsync(new HostLaunch(HostBuild.NextToRunningBinary(), settings));

    /// <summary>Starts the host and returns its exit code and output, for configurations that must stop it.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(HostLaunch launch, CancellationToken cancellationToken = default)
    {
        await using var host = Create(launch);
        var running = host.Launch();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(launch.StartTimeout);
        await running.WaitForExitAsync(timeout.Token);
        return (running.ExitCode, host.Output);
    }

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

    /// <summary>kill -9: no shutdown hooks, no flushing; only what was durable survives.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }
    }

    /// <summary>Starts the host again with the same arguments (ports, database, keys) after it stopped or was killed.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync();
        await LaunchAndWaitAsync(cancellationToken);
    }

    /// <summary>
    /// Ctrl-C: returns the exit code. A host still running after the launch's StopTimeout is killed and this throws,
    /// with the end of its output: not stopping on SIGINT is a fault of the host.
    /// </summary>
    public async Task<int> StopAsync()
    {
        if (process is not { } running)
        {
            throw new InvalidOperationException("the host was never started");
        }

        if (running.HasExited)
        {
            return running.ExitCode;
        }

        using (var signal = Process.Start("kill", ["-INT", running.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(launch.StopTimeout);
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"host still running {launch.StopTimeout.TotalSeconds} s after SIGINT (killed):{Environment.NewLine}{OutputTail()}");
        }

        return running.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnProcessExit;
        Client.Dispose();
        await KillAsync();
        process?.Dispose();
    }

    private static HostProcess Create(HostLaunch launch)
    {
        // A host given an address of its own (127.0.0.2, ...) serves HTTP there too, as a host on its own machine would.
        // (A test of a bad address gets loopback for HTTP: the host is to refuse the address, not the test.)
        var address = launch.Settings.TryGetValue(AdvertisedAddressKey, out var advertised) && IPAddress.TryParse(advertised, out var parsed) && !parsed.Equals(IPAddress.Any)
            ? parsed
            : IPAddress.Loopback;
        var baseAddress = new Uri($"http://{address}:{FreePorts.Next(address)}");
        var settings = WithKitCredentials(launch.Settings, address);
        List<string> arguments = [launch.HostAssembly, $"--urls={baseAddress.ToString().TrimEnd('/')}", .. settings.Select(pair => $"--{pair.Key}={pair.Value}")];
        return new HostProcess(launch, baseAddress, arguments);
    }

    /// <summary>
    /// <paramref name="settings"/> over what every host of the kit gets: free silo and gateway ports on
    /// <paramref name="address"/>, the kit's admin and operator keys and its bearer-token signing key.
    /// </summary>
    public static Dictionary<string, string> WithKitCredentials(IReadOnlyDictionary<string, string> settings, IPAddress address)
    {
        var merged = new Dictionary<string, string>(settings);
        merged.TryAdd("Allocation:Host:SiloPort", FreePorts.NextText(address));
        merged.TryAdd("Allocation:Host:GatewayPort", FreePorts.NextText(address));
        AddKitKeys(merged);
        return merged;
    }

    private static void AddKitKeys(Dictionary<string, string> settings)
    {
        AddAdminKey(settings, 0, DefaultTenantId, AdminKey);
        AddAdminKey(settings, 1, OtherTenantId, OtherTenantAdminKey);
        settings.TryAdd("Allocation:Access:OperatorKeys:0:Name", "test kit operator");
        settings.TryAdd("Allocation:Access:OperatorKeys:0:KeySha256", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey))));
        settings.TryAdd("Allocation:Access:Jwt:SigningKeyBase64", Convert.ToBase64String(JwtSigningKey));
        settings.TryAdd("Allocation:Access:Jwt:Issuer", JwtIssuer);
    }

    private async Task LaunchAndWaitAsync(CancellationToken cancellationToken)
    {
        var running = Launch();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(launch.StartTimeout);
        var exited = running.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(ready.Task, exited) == ready.Task)
        {
            return;
        }

        var exitCode = running.HasExited ? running.ExitCode.ToString(CultureInfo.InvariantCulture) : "none, still running";
        await KillAsync();
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"host did not start within {launch.StartTimeout.TotalSeconds} s (exit code {exitCode}):{Environment.NewLine}{OutputTail()}");
    }

    private Process Launch()
    {
        ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = launch switch
        {
            { SigintIgnored: true } => new ProcessStartInfo("sh", ["-c", IgnoreSigintThenExec, "dotnet", .. arguments]),
            { OwnSession: true } => new ProcessStartInfo("setsid", ["dotnet", .. arguments]),
            _ => new ProcessStartInfo("dotnet", arguments),
        };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = Path.GetDirectoryName(launch.HostAssembly)!;
        if (launch.ServerGc is { } serverGc)
        {
            start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var started = new Process { StartInfo = start, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) => Record(line.Data);
        started.ErrorDataReceived += (_, line) => Record(line.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process?.Dispose();
        process = started;
        return started;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (outputLock)
        {
            output.Enqueue(line);
            if (output.Count > launch.OutputLinesKept)
            {
                output.Dequeue();
            }

            if (launch.LogPath is { } logPath)
            {
                File.AppendAllText(logPath, line + Environment.NewLine);
            }
        }

        if (line.Contains(launch.ReadyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    /// <summary>A failed start shows the end of the output; a stack trace repeated per grain would bury the cause.</summary>
    private string OutputTail()
    {
        const int LinesShown = 40;
        lock (outputLock)
        {
            return string.Join(Environment.NewLine, output.TakeLast(LinesShown));
        }
    }

    private void KillOnProcessExit(object? sender, EventArgs e)
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
        }
    }

    private static void AddAdminKey(Dictionary<string, string> settings, int index, string tenantId, string key)
    {
        var prefix = $"Allocation:Access:Keys:{index}:";
        settings.TryAdd(prefix + "Name", "test kit admin of " + tenantId);
        settings.TryAdd(prefix + "TenantId", tenantId);
        settings.TryAdd(prefix + "Role", "admin");
        settings.TryAdd(prefix + "KeySha256", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    }

    private static string NewKeyText(string tenantId, string name) =>
        $"alk.{tenantId}.{name}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
}
