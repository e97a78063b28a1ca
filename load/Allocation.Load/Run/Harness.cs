using Allocation.Load.Cli;
using Allocation.Load.Hosting;

namespace Allocation.Load.Run;

/// <summary>The in-process entry point (Program and the smoke test call it): parse, run, map every outcome to an exit code.</summary>
public static class Harness
{
    public const string Prefix = "allocation-load: ";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, HarnessConsole console, CancellationToken interrupted)
    {
        var parsed = CommandLineParser.Parse(args);
        if (parsed.HelpRequested)
        {
            console.Out.WriteLine(HelpText.Text);
            return parsed.Error is null ? ExitCodes.Passed : ExitCodes.CouldNotRun;
        }

        if (parsed.Error is not null)
        {
            console.Error.WriteLine(Prefix + parsed.Error);
            return ExitCodes.CouldNotRun;
        }

        try
        {
            return await new PeakDayRun(parsed.Options!, console).RunAsync(args, interrupted);
        }
        catch (HarnessSetupException exception)
        {
            console.Error.WriteLine(Prefix + exception.Message);
            return ExitCodes.CouldNotRun;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            // Ctrl-C before the load began (while the host started or the stock was topped up): nothing was measured.
            console.Error.WriteLine(Prefix + "interrupted before the load began");
            return ExitCodes.CouldNotRun;
        }
    }
}
