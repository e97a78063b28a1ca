namespace Allocation.TestKit;

/// <summary>
/// The host executable to launch. Tests find it next to themselves (they reference the host project); the harness and
/// the benchmarks build it in Release from the clone they run in, so they measure the code beside them.
/// </summary>
public static class HostBuild
{
    /// <summary>A cold Release build of the host took about 110 s on the shared 2-core machine; an up-to-date one a few seconds.</summary>
    private static readonly TimeSpan BuildTimeLimit = TimeSpan.FromMinutes(10);

    /// <summary>The host built next to the running binary (a test project that references the host project).</summary>
    public static string NextToRunningBinary()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Allocation.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("the host is built next to the tests", path);
    }

    /// <summary>
    /// The clone's Release host: built when <paramref name="rebuild"/> or when missing, else taken as it is.
    /// </summary>
    public static async Task<string> InRepositoryAsync(RepositoryLayout layout, bool rebuild, TextWriter log, CancellationToken cancellationToken)
    {
        if (!rebuild && File.Exists(layout.HostAssembly))
        {
            return layout.HostAssembly;
        }

        await log.WriteLineAsync($"host: dotnet build {Path.GetRelativePath(layout.Root, layout.HostProject)} -c Release");
        var (exitCode, output, error) = await ShortProcess.RunAsync(
            "dotnet", ["build", layout.HostProject, "-c", "Release", "-nologo", "-v", "q"], layout.Root, BuildTimeLimit, cancellationToken);
        if (exitCode != 0 || !File.Exists(layout.HostAssembly))
        {
            throw new InvalidOperationException($"building the host failed (exit {exitCode}):{Environment.NewLine}{output}{error}");
        }

        return layout.HostAssembly;
    }
}
