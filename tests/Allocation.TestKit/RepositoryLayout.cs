namespace Allocation.TestKit;

/// <summary>Where the repository's pieces are, found by walking up to the directory holding Allocation.sln.</summary>
public sealed record RepositoryLayout(string Root)
{
    public const string SolutionFile = "Allocation.sln";

    public string HostProject => Path.Combine(Root, "src", "Allocation.Host", "Allocation.Host.csproj");

    /// <summary>The host as a Release build of this clone puts it.</summary>
    public string HostAssembly => Path.Combine(Root, "src", "Allocation.Host", "bin", "Release", "net10.0", "Allocation.Host.dll");

    public string PostgresScript => Path.Combine(Root, "scripts", "postgres.sh");

    /// <summary>The repository above the working directory, else above the running binary; null outside a clone.</summary>
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
