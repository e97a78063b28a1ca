using System.Diagnostics;

namespace Allocation.Planning;

// TEMPORARY profiling aid; removed before the final commit.
internal static class PhaseTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("ALLOC_TRACE") == "1";

    public static void Mark(Stopwatch clock, string phase)
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"  [{phase}] {clock.Elapsed.TotalMilliseconds:0.0} ms");
        }
    }
}
