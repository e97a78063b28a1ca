using System.Diagnostics;

namespace Allocation.Bench.Reservations;

/// <summary>Finds and runs the repository's scripts/*.sh helpers, whatever directory the benchmark was started from.</summary>
internal static class RepositoryScripts
{
    private const int ScriptTimeLimitSeconds = 300;

    public static string? Find(string scriptName)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "scripts", scriptName);
                if (File.Exists(candidate))
                    return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a script and returns the last non-empty line it printed; its standard error goes to <paramref name="log"/>.</summary>
    public static async Task<string> RunForLastLineAsync(string scriptPath, string argument, TextWriter log, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            ArgumentList = { scriptPath, argument },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {scriptPath}");
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        var standardOutput = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(TimeSpan.FromSeconds(ScriptTimeLimitSeconds));
        await process.WaitForExitAsync(timeLimit.Token);
        var errorText = await standardError;
        if (errorText.Length > 0)
            await log.WriteAsync(errorText);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{scriptPath} {argument} exited with {process.ExitCode}");
        var lastLine = standardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return lastLine ?? throw new InvalidOperationException($"{scriptPath} {argument} printed nothing");
    }
}
