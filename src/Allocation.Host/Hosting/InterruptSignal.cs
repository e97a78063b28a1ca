using System.Globalization;
using System.Runtime.InteropServices;

namespace Allocation.Host.Hosting;

/// <summary>
/// Ctrl-C and <c>kill -INT</c> must stop the host cleanly however it was started. A shell without job control (any
/// script) starts a background job (<c>host &amp;</c>) with SIGINT ignored, and .NET leaves an inherited ignore alone:
/// it installs no handler, so the host never hears SIGINT and runs until killed. The host takes SIGINT back before
/// .NET sets up its signal handling, so SIGINT stops it gracefully, as SIGTERM does.
/// </summary>
internal static class InterruptSignal
{
    private const int SigInt = 2;
    private const string StatusPath = "/proc/self/status";
    private const string IgnoredMaskField = "SigIgn:";

    /// <summary>SIG_DFL. .NET then installs its handler, which turns SIGINT into a graceful stop of the host.</summary>
    private const nint DefaultAction = 0;

    /// <summary>
    /// Call first in Main: .NET reads SIGINT's disposition once, when the console or the host's Ctrl-C handling
    /// first needs it, and keeps what it found. Linux only (it reads /proc); elsewhere nothing changes.
    /// </summary>
    public static void Reclaim()
    {
        if (OperatingSystem.IsLinux() && File.Exists(StatusPath) && IsIgnored(File.ReadAllText(StatusPath), SigInt))
        {
            // Only an ignored SIGINT is reset, so no handler is ever replaced: while it is ignored, none is installed.
            _ = SetAction(SigInt, DefaultAction);
        }
    }

    /// <summary>Whether a /proc/[pid]/status text marks the signal ignored: bit (signal - 1) of the hex SigIgn mask.</summary>
    public static bool IsIgnored(string status, int signal)
    {
        var line = status.Split('\n').FirstOrDefault(text => text.StartsWith(IgnoredMaskField, StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line.AsSpan(IgnoredMaskField.Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (signal - 1))) != 0;
    }

    // "libc" is the name .NET itself uses for the C library; DllImport, not LibraryImport: with these blittable
    // arguments it needs no unsafe code in the host.
    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint SetAction(int signal, nint action);
}
