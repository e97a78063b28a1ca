using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Allocation.Bench.Reservations;

/// <summary>
/// <c>reservations</c>: every chosen scenario on every chosen target, one table, exit 1 if an invariant broke.
/// Exit codes: 0 all checks passed, 1 an invariant broke, 2 bad options, 3 a target failed to start or run, 130 interrupted.
/// </summary>
internal static class ReservationBenchmark
{
    private const int ExitOk = 0;
    private const int ExitInvariantBroken = 1;
    private const int ExitBadOptions = 2;
    private const int ExitTargetFailed = 3;
    private const int ExitInterrupted = 130;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.WriteLine(ReservationBenchmarkOptions.Usage);
            return ExitOk;
        }

        var catalogue = ReservationTargetCatalog.All();
        var scenarios = Scenario.All();
        var (options, error) = ReservationBenchmarkOptions.Parse(
            args, catalogue.Select(factory => factory.Name).ToList(), scenarios.Select(scenario => scenario.Name).ToList());
        if (options is null)
        {
            Console.Error.WriteLine(error);
            if (args.Contains(ReservationTargetCatalog.OursName) && catalogue.All(factory => factory.Name != ReservationTargetCatalog.OursName))
                Console.Error.WriteLine("target 'ours' is not built into this harness yet (Reservations/OrleansTarget.cs implements AddOurs)");
            Console.Error.WriteLine(ReservationBenchmarkOptions.Usage);
            return ExitBadOptions;
        }

        using var interruption = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, interruption));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, interruption));
        try
        {
            return await RunTargetsAsync(
                options,
                catalogue.Where(factory => options.Targets.Contains(factory.Name)).ToList(),
                scenarios.Where(scenario => options.Scenarios.Contains(scenario.Name)).ToList(),
                interruption.Token);
        }
        catch (OperationCanceledException) when (interruption.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted; targets stopped");
            return ExitInterrupted;
        }
    }

    private static async Task<int> RunTargetsAsync(
        ReservationBenchmarkOptions options, List<ReservationTargetFactory> factories, List<Scenario> scenarios, CancellationToken cancellationToken)
    {
        var log = Console.Error;
        var context = new ReservationTargetContext(options.Concurrency, options.RedisPort, log);
        var results = new List<ScenarioResult>();
        var targetErrors = new List<string>();
        foreach (var factory in factories)
        {
            try
            {
                await RunScenariosAsync(factory, context, scenarios, options, results, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                targetErrors.Add($"{factory.Name}: {exception.GetType().Name}: {exception.Message}");
                log.WriteLine($"target {factory.Name} failed: {exception}");
            }
        }

        // Scenario by scenario, targets in catalogue order ("ours" first), so each ratio sits next to its baselines.
        var ordered = results
            .OrderBy(result => scenarios.FindIndex(scenario => scenario.Name == result.ScenarioName))
            .ThenBy(result => factories.FindIndex(factory => factory.Name == result.TargetName))
            .ToList();
        WriteReport(Console.Out, options, factories, scenarios, ordered);
        foreach (var targetError in targetErrors)
            Console.Out.WriteLine($"TARGET ERROR {targetError}");
        if (results.Any(result => !result.Passed))
            return ExitInvariantBroken;
        return targetErrors.Count > 0 ? ExitTargetFailed : ExitOk;
    }

    private static async Task RunScenariosAsync(
        ReservationTargetFactory factory,
        ReservationTargetContext context,
        List<Scenario> scenarios,
        ReservationBenchmarkOptions options,
        List<ScenarioResult> results,
        CancellationToken cancellationToken)
    {
        context.Log.WriteLine($"{factory.Name}: starting");
        var target = await factory.CreateAsync(context, cancellationToken);
        try
        {
            foreach (var scenario in scenarios)
            {
                var stopwatch = Stopwatch.StartNew();
                var result = await ScenarioRunner.RunAsync(factory.Name, target, scenario, options, cancellationToken);
                results.Add(result);
                context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{factory.Name} {scenario.Name}: {result.OperationsPerSecond:N0} ops/s, p50 {result.P50Microseconds} us, p99 {result.P99Microseconds} us, {(result.Passed ? "checks ok" : "CHECKS FAILED")} ({stopwatch.Elapsed.TotalSeconds:0.0} s)"));
            }
        }
        finally
        {
            await target.DisposeAsync();
        }
    }

    private static void WriteReport(
        TextWriter output, ReservationBenchmarkOptions options, List<ReservationTargetFactory> factories, List<Scenario> scenarios, List<ScenarioResult> results)
    {
        var window = options.MeasuredOperations is { } count
            ? string.Create(CultureInfo.InvariantCulture, $"{count:N0} measured operations")
            : $"{options.DurationSeconds} s measured";
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reservations benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        output.WriteLine($"{options.Concurrency} concurrent callers (closed loop), {options.WarmupSeconds} s warm-up + {window} per scenario, seed {options.Seed}, {Scenario.UnitsPerReservation} unit per reservation");
        foreach (var scenario in scenarios)
            output.WriteLine($"  scenario {scenario.Name}: {scenario.Description}");
        foreach (var factory in factories)
            output.WriteLine($"  target {factory.Name}: {factory.Description}");
        output.WriteLine();
        ResultTable.Write(output, results);
    }

    private static void Interrupt(PosixSignalContext signal, CancellationTokenSource interruption)
    {
        // Keep the process alive so the finally blocks stop redis-server and drop the scratch databases.
        signal.Cancel = true;
        interruption.Cancel();
    }
}
