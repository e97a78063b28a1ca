using Allocation.TestKit;

namespace Allocation.Load.Hosting;

/// <summary>The harness's own places in the repository.</summary>
public static class LoadLayout
{
    extension(RepositoryLayout layout)
    {
        public string DefaultProfile => Path.Combine(layout.Root, "load", "profiles", "singles-day.json");

        public string ReportsRoot => Path.Combine(layout.Root, "load", "reports");
    }
}
