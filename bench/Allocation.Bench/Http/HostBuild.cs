using System.Diagnostics;
using Allocation.Bench.Reservations;

namespace Allocation.Bench.Http;

/// <summary>Builds the real host in Release from this repository's sources, so the benchmark measures the code beside it.</summary>
internal static class HostBuild
{
    private const string HostProject = "src/Allocation.Host/Allocation.Host.csproj";
    private const string HostAssembly = "src/Allocation.Host/bin/Release/net10.0/Allocation.Host.dll";

    /// <summary>A cold Release build of the host took about 110 s on the shared 2-core machine; an up-to-date one a few seconds.</summary>
    private const int BuildTimeLimitSeconds = 600;

    public static async Task<string> BuildAsync(bool skipBuild, TextWriter log, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var assembly = Path.Combine(root, HostAssembly);
        if (skipBuild)
            return File.Exists(assembly) ? assembly : throw new FileNotFoundException("--no-build, but the host was never built", assembly);
        await log.WriteLineAsync($"host: dotnet build {HostProject} -c Release");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", Path.Combine(root, HostProject), "-c", "Release", "-nologo", "-v", "q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start dotnet build");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(TimeSpan.FromSeconds(BuildTimeLimitSeconds));
        try
        {
            await process.WaitForExitAsync(timeLimit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"building the host failed:{Environment.NewLine}{await output}{await errors}");
        return assembly;
    }

    private static string RepositoryRoot()
    {
        var script = RepositoryScripts.Find("postgres.sh") ?? throw new InvalidOperationException("run the benchmark inside the repository: scripts/postgres.sh not found");
        return Path.GetDirectoryName(Path.GetDirectoryName(script))!;
    }
}
