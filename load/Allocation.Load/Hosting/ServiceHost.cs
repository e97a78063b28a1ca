using System.Diagnostics;
using System.Globalization;

namespace Allocation.Load.Hosting;

/// <summary>
/// The service as a child process the harness owns: started durable on its scratch database, ready when it prints its
/// banner (it listens, seeding done), killed with SIGKILL for --kill-host-at and restarted on the same ports, stopped
/// with SIGINT at the end. Its output goes to a log file beside the reports.
/// </summary>
public sealed class ServiceHost(HostSettings settings, string logPath) : IAsyncDisposable
{
    /// <summary>The host's banner line once it listens and the demo seed is in.</summary>
    public const string ReadyLine = "Allocation is listening on";

    /// <summary>A cold start seeds 400 stores x the demo SKUs through durable receipts; a warm one is a few seconds.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The host runs in a session of its own: a Ctrl-C in the terminal signals the harness, which then finishes its run
    /// (checks included) against a host that is still up, instead of the whole process group at once.
    /// </summary>
    private const string SessionLeader = "setsid";

    private readonly Lock logLock = new();
    private Process? process;
    private TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri BaseAddress => settings.BaseAddress;

    public HostSettings Settings => settings;

    public string LogPath => logPath;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = new ProcessStartInfo(SessionLeader, ["dotnet", .. settings.Arguments()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(settings.HostAssembly)!,
        };
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var started = new Process { StartInfo = start, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) => Record(line.Data);
        started.ErrorDataReceived += (_, line) => Record(line.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process?.Dispose();
        process = started;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var finished = await Task.WhenAny(ready.Task, started.WaitForExitAsync(timeout.Token));
        if (finished != ready.Task)
        {
            var exit = started.HasExited ? started.ExitCode.ToString(CultureInfo.InvariantCulture) : "none, still running";
            await KillAsync();
            throw new HarnessSetupException($"the host did not become ready within {StartTimeout.TotalSeconds} s (exit code {exit}); see {logPath}");
        }
    }

    /// <summary>kill -9: no shutdown, no flush; only what the host made durable survives.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync();
        }
    }

    /// <summary>Ctrl-C, then SIGKILL if it is still running after StopTimeout. Returns the exit code (null when killed).</summary>
    public async Task<int?> StopAsync()
    {
        if (process is not { HasExited: false } running)
        {
            return process?.ExitCode;
        }

        using (var signal = Process.Start("kill", ["-INT", running.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await running.WaitForExitAsync(timeout.Token);
            return running.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logLock)
        {
            File.AppendAllText(logPath, line + Environment.NewLine);
        }

        if (line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}
