using System.Globalization;

namespace Allocation.Bench.Http;

/// <summary>
/// The machine's load average, printed with the table: the 2 cores are shared with other jobs, and a run taken while
/// they were busy reads lower; the load says how much to trust it.
/// </summary>
internal static class MachineLoad
{
    private const string LoadAveragePath = "/proc/loadavg";

    /// <summary>The 1, 5 and 15 minute load averages as the kernel prints them, or "unknown" off Linux.</summary>
    public static string Read()
    {
        if (!File.Exists(LoadAveragePath))
            return "unknown";
        var fields = File.ReadAllText(LoadAveragePath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Create(CultureInfo.InvariantCulture, $"{fields[0]} {fields[1]} {fields[2]}");
    }
}
