using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Allocation.Bench.Http;

/// <summary>
/// The real host as a child process on loopback ports of its own, started the way tests/EndToEnd/HostProcess does:
/// settings as --key=value, ready once it prints its banner (seeding done). Disposing sends SIGINT, then kills it if it
/// does not stop; a process-exit hook kills it if the benchmark dies some other way.
/// </summary>
internal sealed class AllocationHostProcess : IAsyncDisposable
{
    public const string ServingLine = "Allocation is listening on";

    /// <summary>The demo seed writes 8,000 receipts before the banner; about 20 s durable on this machine, so 300 s means it is stuck.</summary>
    private const int StartTimeLimitSeconds = 300;

    /// <summary>A host under load stopped in about 5 s in the end-to-end tests; past this it is killed.</summary>
    private const int StopTimeLimitSeconds = 30;

    private const int OutputLinesKept = 200;

    /// <summary>A failed start shows the end of the host's output; a stack trace repeated per grain would bury the cause.</summary>
    private const int OutputLinesShownOnFailure = 25;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TextWriter _log;

    private AllocationHostProcess(Process process, Uri baseAddress, TextWriter log)
    {
        _process = process;
        BaseAddress = baseAddress;
        _log = log;
        AppDomain.CurrentDomain.ProcessExit += KillOnProcessExit;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get { lock (_output) return string.Join(Environment.NewLine, _output); }
    }

    public static async Task<AllocationHostProcess> StartAsync(string assemblyPath, IReadOnlyDictionary<string, string> settings, TextWriter log, CancellationToken cancellationToken)
    {
        var httpPort = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        start.ArgumentList.Add(assemblyPath);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{httpPort}");
        start.ArgumentList.Add($"--Allocation:Host:SiloPort={FreePort()}");
        start.ArgumentList.Add($"--Allocation:Host:GatewayPort={FreePort()}");
        foreach (var (key, value) in settings)
            start.ArgumentList.Add($"--{key}={value}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new AllocationHostProcess(process, new Uri($"http://127.0.0.1:{httpPort}"), log);
        process.OutputDataReceived += (_, line) => host.Record(line.Data);
        process.ErrorDataReceived += (_, line) => host.Record(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(TimeSpan.FromSeconds(StartTimeLimitSeconds));
        var finished = await Task.WhenAny(host._ready.Task, process.WaitForExitAsync(timeLimit.Token));
        if (finished != host._ready.Task)
        {
            var output = string.Join(Environment.NewLine, host.Output.Split(Environment.NewLine).TakeLast(OutputLinesShownOnFailure));
            await host.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"host did not start within {StartTimeLimitSeconds} s:{Environment.NewLine}{output}");
        }

        await log.WriteLineAsync($"host: pid {process.Id} listening on {host.BaseAddress}");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnProcessExit;
        if (!_process.HasExited)
        {
            using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await interrupt.WaitForExitAsync();
            using var stopLimit = new CancellationTokenSource(TimeSpan.FromSeconds(StopTimeLimitSeconds));
            try
            {
                await _process.WaitForExitAsync(stopLimit.Token);
            }
            catch (OperationCanceledException)
            {
                await _log.WriteLineAsync($"host: pid {_process.Id} still running {StopTimeLimitSeconds} s after SIGINT; killed");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await _log.WriteLineAsync($"host: pid {_process.Id} stopped");
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > OutputLinesKept)
                _output.Dequeue();
        }

        if (line.Contains(ServingLine, StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    private void KillOnProcessExit(object? sender, EventArgs e)
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
