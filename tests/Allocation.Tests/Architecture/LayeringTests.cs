using System.Text.RegularExpressions;

namespace Allocation.Tests.Architecture;

/// <summary>
/// The rooms of each project, top to bottom, in the order data flows: a file may name its own room and the rooms below
/// it, never one above (by a using directive or a qualified name). Calls upward go through grain interfaces in
/// Allocation.Contracts, which every room may use.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string[] GrainRooms = ["Hosting", "Notifications", "Fulfilment", "Reservations", "Sourcing", "Picking", "Catalogue", "Access", "Stock", "Ledger", "Storage", "Common"];

    private static readonly string[] PlanningRooms = ["Online", "Solver", "Model", "Network", "Common"];

    [Fact]
    public void GrainRooms_EachFile_NamesNoRoomAbove() =>
        Assert.Empty(Violations(SourceFiles("src/Allocation.Grains"), "Allocation.Grains", GrainRooms));

    [Fact]
    public void PlanningRooms_EachFile_NamesNoRoomAbove() =>
        Assert.Empty(Violations(SourceFiles("src/Allocation.Planning"), "Allocation.Planning", PlanningRooms));

    [Fact]
    public void GrainRooms_ReadmeTableAndDesignChain_NameEveryRoom()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var design = File.ReadAllText(Path.Combine(RepositoryRoot, "docs/design.md"));

        var missingInReadme = GrainRooms.Where(room => !readme.Contains($"| `Grains/{room}` |", StringComparison.Ordinal)).ToList();
        var missingInDesign = GrainRooms.Where(room => !design.Contains($"`{room}`", StringComparison.Ordinal)).ToList();

        Assert.Empty(missingInReadme);
        Assert.Empty(missingInDesign);
    }

    [Fact]
    public void Violations_UsingOfRoomAbove_IsReported()
    {
        var file = ("Stock/StockGrain.cs", "using Allocation.Grains.Sourcing;\n\nnamespace Allocation.Grains.Stock;\n");
        var qualified = ("Ledger/LedgerWriter.cs", "namespace Allocation.Grains.Ledger;\nclass A { object b = Allocation.Grains.Stock.StockBook.Empty; }\n");
        var below = ("Stock/StockBook.cs", "using Allocation.Grains.Ledger;\n\nnamespace Allocation.Grains.Stock;\n");

        var found = Violations([file, qualified, below], "Allocation.Grains", GrainRooms);

        Assert.Equal(["Stock/StockGrain.cs (Stock) names Sourcing", "Ledger/LedgerWriter.cs (Ledger) names Stock"], found);
    }

    [Fact]
    public void Api_Sources_NameNoGrainImplementation()
    {
        Assert.DoesNotContain(SourceFiles("src/Allocation.Api"), file => file.Text.Contains("Allocation.Grains", StringComparison.Ordinal));
        Assert.DoesNotContain("Allocation.Grains", File.ReadAllText(Path.Combine(RepositoryRoot, "src/Allocation.Api/Allocation.Api.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void Product_Sources_NameNoVerificationCode()
    {
        var productFiles = Directory.GetDirectories(Path.Combine(RepositoryRoot, "src")).SelectMany(project => SourceFiles(Path.GetRelativePath(RepositoryRoot, project)));
        Assert.DoesNotContain(productFiles, file => file.Text.Contains("Allocation.Verification", StringComparison.Ordinal));
        var projectFiles = Directory.GetFiles(Path.Combine(RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories);
        Assert.DoesNotContain(projectFiles, path => File.ReadLines(path).Any(line => line.Contains("ProjectReference", StringComparison.Ordinal) && line.Contains("Verification", StringComparison.Ordinal)));
    }

    [Fact]
    public void Client_Sources_NameNoServerCode()
    {
        string[] server = ["Allocation.Contracts", "Allocation.Grains", "Allocation.Api", "Allocation.Host", "Allocation.Planning"];
        Assert.DoesNotContain(SourceFiles("src/Allocation.Client"), file => server.Any(name => file.Text.Contains(name, StringComparison.Ordinal)));
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(RepositoryRoot, "src/Allocation.Client/Allocation.Client.csproj")), StringComparison.Ordinal);
    }

    [Fact]
    public void TestKit_ReferencesNothingOfSrc_AndSrcNothingOfIt()
    {
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(RepositoryRoot, "tests/Allocation.TestKit/Allocation.TestKit.csproj")), StringComparison.Ordinal);
        var projectFiles = Directory.GetFiles(Path.Combine(RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories);
        Assert.DoesNotContain(projectFiles, path => File.ReadAllText(path).Contains("TestKit", StringComparison.Ordinal));
    }

    private static List<string> Violations(IEnumerable<(string Path, string Text)> files, string projectNamespace, string[] rooms)
    {
        var violations = new List<string>();
        foreach (var (path, text) in files)
        {
            var room = path.Split('/')[0];
            var level = Array.IndexOf(rooms, room);
            if (level < 0)
            {
                continue;
            }

            var named = NamespaceReference().Matches(text).Select(match => match.Groups[1].Value)
                .Where(name => name.StartsWith(projectNamespace + ".", StringComparison.Ordinal))
                .Select(name => name[(projectNamespace.Length + 1)..].Split('.')[0])
                .Distinct();
            violations.AddRange(named.Where(other => Array.IndexOf(rooms, other) is var otherLevel && otherLevel >= 0 && otherLevel < level)
                .Select(other => $"{path} ({room}) names {other}"));
        }

        return violations;
    }

    /// <summary>Every C# file of a project, with its path relative to the project folder ('/'-separated).</summary>
    private static List<(string Path, string Text)> SourceFiles(string projectFolder)
    {
        var root = Path.Combine(RepositoryRoot, projectFolder);
        return Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal))
            .Select(path => (path, File.ReadAllText(Path.Combine(root, path))))
            .ToList();
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Allocation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Allocation.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A namespace in a using directive or a qualified name; the file's own namespace declaration is not a reference.</summary>
    [GeneratedRegex(@"(?<!namespace )\b(Allocation(?:\.\w+)+)")]
    private static partial Regex NamespaceReference();
}
