using System.Globalization;
using System.Runtime.InteropServices;
using Allocation.Bench.Reservations;

namespace Allocation.Bench.Http;

/// <summary>
/// <c>http</c> (issue 9): the real host through HTTP, durable on a scratch PostgreSQL database, and in the same run the
/// anchor (minimal API + one Redis Lua script per reservation, fsync always) and the host in memory, all driven by one
/// generator over loopback; one table with the ratios to the anchor, an open-model table at half of each maximum, then
/// the checks. Exit codes: 0 every check passed, 1 a check broke, 2 bad options, 3 a target failed, 130 interrupted.
/// </summary>
internal static class HttpBenchmark
{
    private const int ExitOk = 0;
    private const int ExitCheckBroken = 1;
    private const int ExitBadOptions = 2;
    private const int ExitTargetFailed = 3;
    private const int ExitInterrupted = 130;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.WriteLine(HttpBenchmarkOptions.Usage);
            return ExitOk;
        }

        var (options, error) = HttpBenchmarkOptions.Parse(args, PathCatalog.Names);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(HttpBenchmarkOptions.Usage);
            return ExitBadOptions;
        }

        using var interruption = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, interruption));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, interruption));
        try
        {
            var loadAtStart = MachineLoad.Read();
            var results = await HttpTargets.RunAllAsync(options, Console.Error, interruption.Token);
            WriteReport(Console.Out, options, results, loadAtStart);
            if (results.Reports.Any(report => report.FailureCount > 0))
                return ExitCheckBroken;
            return results.TargetErrors.Count > 0 ? ExitTargetFailed : ExitOk;
        }
        catch (OperationCanceledException) when (interruption.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted; hosts, anchor and Redis stopped, scratch database dropped");
            return ExitInterrupted;
        }
    }

    private static void WriteReport(TextWriter output, HttpBenchmarkOptions options, HttpRunResults results, string loadAtStart)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"HTTP checkout path benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {loadAtStart} at start, {MachineLoad.Read()} at end"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Connections} connections over loopback, closed loop: {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s measured per row; {RequestPlanner.UnitsPerLine} unit per line, holds of {RequestPlanner.HoldTtlSeconds} s; errors count every answer that is not 201/200 (warm-up included)"));
        output.WriteLine();
        HttpResultTable.WriteClosed(output, results.Closed);
        if (results.Open.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Open model: fixed arrival rate at {TargetRuns.OpenModelShareOfMaximum:0%} of each row's maximum for {options.OpenModelSeconds} s, latency from the intended send time (no coordinated omission)"));
            output.WriteLine();
            HttpResultTable.WriteOpen(output, results.Open);
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up pass: {options.WarmupPassSeconds} s per path per target before its first row, {results.WarmUp.Sum(row => row.Errors):N0} error answers"));
        HttpResultTable.WriteChecks(output, results.Reports, [.. results.WarmUp, .. results.Closed, .. results.Open]);
        foreach (var targetError in results.TargetErrors)
            output.WriteLine($"TARGET ERROR {targetError}");
    }

    private static void Interrupt(PosixSignalContext signal, CancellationTokenSource interruption)
    {
        // Keep the process alive so the finally blocks stop the hosts and Redis and drop the scratch database.
        signal.Cancel = true;
        interruption.Cancel();
    }
}
