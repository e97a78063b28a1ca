using System.Diagnostics;
using System.Net.Sockets;

namespace Allocation.Bench.Reservations;

/// <summary>
/// A redis-server owned by this benchmark: loopback only, its own port and temp directory, every write fsynced to the
/// append-only file before the reply (appendfsync always), no RDB snapshots. Disposing stops it and deletes the directory;
/// a process-exit hook kills it if the benchmark dies some other way.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private const string ScriptName = "redis.sh";
    private const string FallbackServerPath = "/usr/bin/redis-server";
    private const int StartTimeLimitMilliseconds = 10_000;
    private const int StopTimeLimitMilliseconds = 10_000;
    private const int ProbeIntervalMilliseconds = 50;
    private const int LogTailLinesMax = 5;

    private readonly Process _process;
    private readonly TextWriter _log;

    private RedisServerProcess(Process process, string directory, int port, TextWriter log)
    {
        _process = process;
        Directory = directory;
        Port = port;
        _log = log;
        AppDomain.CurrentDomain.ProcessExit += KillOnProcessExit;
    }

    public string Directory { get; }

    public int Port { get; }

    public static async Task<RedisServerProcess> StartAsync(int port, TextWriter log, CancellationToken cancellationToken)
    {
        if (await IsListeningAsync(port, cancellationToken))
            throw new InvalidOperationException($"port {port} is already in use; pick another with --redis-port (never the system's Redis)");
        var serverPath = await FindServerAsync(log, cancellationToken);
        var directory = System.IO.Directory.CreateTempSubdirectory("allocation-bench-redis-").FullName;
        var startInfo = new ProcessStartInfo(serverPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in ServerArguments(port, directory))
            startInfo.ArgumentList.Add(argument);
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {serverPath}");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServerProcess(process, directory, port, log);
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
            await log.WriteLineAsync($"redis: started {serverPath} pid {process.Id} on 127.0.0.1:{port}, dir {directory}");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnProcessExit;
        if (!_process.HasExited)
        {
            // The caller has normally sent SHUTDOWN NOSAVE already; this is the backstop.
            using var stopLimit = new CancellationTokenSource(StopTimeLimitMilliseconds);
            try
            {
                await _process.WaitForExitAsync(stopLimit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await _log.WriteLineAsync($"redis: stopped pid {_process.Id}");
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static IEnumerable<string> ServerArguments(int port, string directory) =>
    [
        "--bind", "127.0.0.1",
        "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--protected-mode", "yes",
        "--daemonize", "no",
        "--dir", directory,
        "--logfile", Path.Combine(directory, "redis.log"),
        "--save", "",
        "--appendonly", "yes",
        "--appendfsync", "always",
    ];

    private static async Task<string> FindServerAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var script = RepositoryScripts.Find(ScriptName);
        if (script is not null)
            return await RepositoryScripts.RunForLastLineAsync(script, "ensure", log, cancellationToken);
        return File.Exists(FallbackServerPath)
            ? FallbackServerPath
            : throw new InvalidOperationException($"redis-server not found: run scripts/{ScriptName} ensure");
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await IsListeningAsync(Port, cancellationToken))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}: {LogTail()}");
            if (deadline.ElapsedMilliseconds > StartTimeLimitMilliseconds)
                throw new TimeoutException($"redis-server did not listen on port {Port} within {StartTimeLimitMilliseconds} ms");
            await Task.Delay(ProbeIntervalMilliseconds, cancellationToken);
        }
    }

    /// <summary>The last lines of the server's log, read before disposal deletes its directory.</summary>
    private string LogTail()
    {
        var path = Path.Combine(Directory, "redis.log");
        if (!File.Exists(path))
            return "no log was written";
        var lines = File.ReadAllLines(path);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - LogTailLinesMax)));
    }

    private void KillOnProcessExit(object? sender, EventArgs e)
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }
}
