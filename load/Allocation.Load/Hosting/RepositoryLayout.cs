namespace Allocation.Load.Hosting;

/// <summary>Where the repository's pieces are, found by walking up to the directory holding Allocation.sln.</summary>
public sealed record RepositoryLayout(string Root)
{
    public const string SolutionFile = "Allocation.sln";

    public string HostProject => Path.Combine(Root, "src", "Allocation.Host");

    public string HostAssembly => Path.Combine(HostProject, "bin", "Release", "net10.0", "Allocation.Host.dll");

    public string PostgresScript => Path.Combine(Root, "scripts", "postgres.sh");

    public string DefaultProfile => Path.Combine(Root, "load", "profiles", "singles-day.json");

    public string ReportsRoot => Path.Combine(Root, "load", "reports");

    /// <summary>The repository above the working directory, else above the harness binary; null outside a clone.</summary>
    public static RepositoryLayout? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return new RepositoryLayout(directory.FullName);
                }
            }
        }

        return null;
    }
}
