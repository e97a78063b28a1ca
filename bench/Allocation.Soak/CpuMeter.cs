using System.Diagnostics;
using System.Globalization;

namespace Allocation.Soak;

/// <summary>
/// CPU time used so far by this process (driver and host) and by the PostgreSQL cluster (its postmaster, every live
/// backend, and the backends that ended, which the kernel adds to the postmaster's children's time). CPU time per order
/// does not depend on what else runs on the machine, unlike wall time: it says what rate the machine could sustain.
/// Linux only (/proc); elsewhere PostgreSQL's share reads 0.
/// </summary>
internal sealed class CpuMeter(int postmasterPid)
{
    /// <summary>Clock ticks per second of /proc's times (USER_HZ: 100 on Linux).</summary>
    private const double TicksPerSecond = 100.0;

    public (TimeSpan Process, TimeSpan Postgres) Read() => (Process.GetCurrentProcess().TotalProcessorTime, TimeSpan.FromSeconds(PostgresTicks() / TicksPerSecond));

    /// <summary>The postmaster of the backend answering <paramref name="backendPid"/>'s connection (its parent process).</summary>
    public static int PostmasterOf(int backendPid) => Stat(backendPid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : 0;

    private long PostgresTicks()
    {
        if (Stat(postmasterPid) is not { } postmaster)
        {
            return 0;
        }

        // utime, stime, cutime, cstime (fields 14-17 of /proc/pid/stat; here counted after the command name).
        var total = Sum(postmaster, 11, 4);
        var parent = postmasterPid.ToString(CultureInfo.InvariantCulture);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != postmasterPid && Stat(pid) is { } child && child[1] == parent)
            {
                total += Sum(child, 11, 2);
            }
        }

        return total;
    }

    private static long Sum(string[] fields, int from, int count) =>
        fields.Skip(from).Take(count).Sum(field => long.Parse(field, CultureInfo.InvariantCulture));

    /// <summary>The fields of /proc/pid/stat after the command name: state, ppid, ... (null when gone).</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
