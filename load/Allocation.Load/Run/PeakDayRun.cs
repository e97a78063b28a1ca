using System.Globalization;
using Allocation.Load.Cli;
using Allocation.Load.Hosting;
using Allocation.Load.Invariants;
using Allocation.Load.Live;
using Allocation.Load.Metrics;
using Allocation.Load.Profiles;
using Allocation.Load.Reports;
using Allocation.Load.Scenarios;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;
using Allocation.Load.Thresholds;
using Allocation.TestKit;
using Spectre.Console;

namespace Allocation.Load.Run;

/// <summary>
/// One peak-day run: profile and thresholds, the service (started or at --url), the pool and its top-up, the load,
/// the settle and the invariant checks, the reports, the exit code.
/// </summary>
public sealed class PeakDayRun(HarnessOptions options, HarnessConsole console)
{
    /// <summary>The invariant reads run beside nothing else, so they may use more connections than a checkout burst.</summary>
    private const int CheckParallelism = 32;

    /// <summary>Where an admin key of a running service comes from when --api-key is not given.</summary>
    public const string ApiKeyVariable = "ALLOCATION_API_KEY";

    /// <summary>Beyond the hold TTL, how long the settle may wait for holds to end before checking anyway.</summary>
    private static readonly TimeSpan SettleSlack = TimeSpan.FromSeconds(5);

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken interrupted)
    {
        var layout = RepositoryLayout.Find();
        var profile = LoadProfile(layout);
        var (thresholds, thresholdErrors) = ThresholdSet.Build(profile, options);
        if (thresholdErrors.Count > 0)
        {
            throw new HarnessSetupException(string.Join("; ", thresholdErrors));
        }

        var duration = options.Duration ?? TimeSpan.FromSeconds(profile.DurationSeconds);
        if (options.KillHostAt >= duration)
        {
            throw new HarnessSetupException($"--kill-host-at {options.KillHostAt.Value.TotalSeconds:0} s is not within the run ({duration.TotalSeconds:0} s)");
        }

        var startedAt = DateTimeOffset.UtcNow;
        var runId = "ld" + startedAt.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(0x1000, 0xFFFF).ToString("x4", CultureInfo.InvariantCulture);
        var reportDirectory = options.ReportDirectory ?? Path.Combine(layout?.ReportsRoot ?? Path.Combine("load", "reports"), startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(reportDirectory);
        await using var target = await StartTargetAsync(layout, profile, runId, reportDirectory, interrupted);
        var maxInFlight = options.MaxInFlight ?? profile.MaxInFlight;
        using var http = ServiceClients.CreateHttpClient(target.BaseAddress, maxInFlight, target.ApiKey);
        var service = ServiceClients.Create(http, profile);
        var store = ServiceClients.CreateStore(http, profile);
        var routes = await ServiceClients.CreateSingleAttempt(http, profile).GetRoutesAsync(interrupted);
        if (!routes.IsOk)
        {
            throw new HarnessSetupException($"the service at {target.BaseAddress} is unreachable: {routes.Problem}");
        }

        var pool = await PoolBuilder.BuildAsync(service, profile.Catalogue, interrupted);
        var receipts = await StockSetup.TopUpAsync(service, profile, pool, options.Scale, runId, interrupted);
        var baseline = await StockSetup.BaselineAsync(service, pool, interrupted);
        console.Out.WriteLine($"pool: {pool.Skus.Count} SKUs ({pool.HotSkus.Count} hot) x {pool.Stores.Count} stores; {receipts} top-up receipts; running {duration.TotalSeconds:0} s of '{profile.Name}' at scale {options.Scale.ToString(CultureInfo.InvariantCulture)}");
        var ledger = new RunLedger();
        var (outcome, skipped, plans) = await RunLoadAsync(profile, service, store, ledger, pool, runId, duration, maxInFlight, thresholds, target, routes.Value!, interrupted);
        var finalThresholds = thresholds.Select(threshold => ThresholdEvaluator.Evaluate(threshold, outcome.Steps)).ToList();
        var settled = await HoldSettler.WaitAsync(ledger, TimeProvider.System, TimeSpan.FromSeconds(profile.HoldTtlSeconds) + SettleSlack, CancellationToken.None);
        console.Out.WriteLine($"checking invariants ({ledger.Reservations.Count:N0} reservations, {baseline.Count:N0} SKU-stores; waited {settled.TotalSeconds:0.0} s for the last holds to end)");
        var invariants = await new InvariantChecker(service, TimeProvider.System, CheckParallelism, store).CheckAsync(ledger, baseline, CancellationToken.None);
        var exitCode = !invariants.Passed ? ExitCodes.InvariantBroken : finalThresholds.Any(result => !result.Passed) ? ExitCodes.ThresholdFailed : ExitCodes.Passed;
        var notes = Notes(skipped, invariants, target, reportDirectory);
        var report = new RunReport(
            profile.Name!, profile.Description, "peak-day " + string.Join(" ", args.Skip(1)), startedAt, target.Description, options.Scale,
            plans.Where(plan => plan.Curve is not null).Sum(plan => PeakOf(plan.Curve!)), outcome.DurationSeconds, maxInFlight, outcome.Steps, outcome.StepMetrics,
            plans.ToDictionary(plan => plan.Scenario.Name, plan => plan.Scenario.EntrySteps), finalThresholds, invariants, outcome.Outages, skipped,
            outcome.AbortReason, notes, exitCode, ledger.FloorCounts);
        await ReportWriter.WriteAsync(report, reportDirectory, CancellationToken.None);
        RunSummary.Print(console.Out, report, reportDirectory);
        return exitCode;
    }

    private async Task<(LoadOutcome Outcome, IReadOnlyList<SkippedScenario> Skipped, IReadOnlyList<ScenarioPlan> Plans)> RunLoadAsync(
        LoadProfile profile, IAllocationService service, IStoreOperations store, RunLedger ledger, LoadPool pool, string runId, TimeSpan duration, int maxInFlight,
        IReadOnlyList<Threshold> thresholds, IServiceTarget target, IReadOnlySet<string> routes, CancellationToken interrupted)
    {
        var clock = new RunClock(TimeProvider.System);
        var metrics = new MetricsRegistry();
        using var limiter = new InFlightLimiter(maxInFlight);
        using var arrivalsStopped = new CancellationTokenSource();
        using var hardStop = new CancellationTokenSource();
        var context = new ScenarioContext(service, new StepRunner(metrics, limiter, clock), ledger, pool, runId, profile.HoldTtlSeconds, options.Seed, arrivalsStopped.Token, hardStop.Token, store);
        var (plans, skipped) = ScenarioBuilder.Build(profile, context, options.Scale, duration, routes);
        foreach (var scenario in skipped)
        {
            console.Out.WriteLine($"skipped scenario {scenario.Name}: {scenario.Reason}");
        }

        ILiveView live = console.Interactive && options.LiveView ? new SpectreLiveView(AnsiConsole.Console) : new LineLiveView(console.Out);
        var drainTimeout = TimeSpan.FromSeconds(profile.RetryBudgetSeconds + profile.RequestTimeoutSeconds);
        var settings = new LoadPhaseSettings(duration, drainTimeout, TimeSpan.FromSeconds(profile.AbortGraceSeconds), options.KillHostAt, options.Seed);
        var phase = new LoadPhase(clock, metrics, limiter, live, settings);
        var killer = options.KillHostAt is null ? null : target.KillAndRestart;
        var outcome = await phase.RunAsync(plans, thresholds, killer, arrivalsStopped, hardStop, interrupted);
        return (outcome, skipped, plans);
    }

    private LoadProfile LoadProfile(RepositoryLayout? layout)
    {
        var path = options.ProfilePath ?? layout?.DefaultProfile ?? Path.Combine(AppContext.BaseDirectory, "profiles", "singles-day.json");
        var loaded = ProfileLoader.Load(path);
        if (loaded.Profile is null)
        {
            var more = loaded.Errors.Count > 1 ? $" (and {loaded.Errors.Count - 1} more: {string.Join("; ", loaded.Errors.Skip(1))})" : "";
            throw new HarnessSetupException(loaded.Errors[0] + more);
        }

        return loaded.Profile;
    }

    private async Task<IServiceTarget> StartTargetAsync(RepositoryLayout? layout, LoadProfile profile, string runId, string reportDirectory, CancellationToken cancellationToken)
    {
        if (options.Url is { } url)
        {
            return new RemoteServiceTarget(url, options.ApiKey ?? Environment.GetEnvironmentVariable(ApiKeyVariable));
        }

        if (layout is null)
        {
            throw new HarnessSetupException("no repository found above the working directory to start the host from; run inside a clone or give --url");
        }

        var logPath = Path.Combine(reportDirectory, "host.log");
        return await StartedServiceTarget.StartAsync(layout, options.PostgresConnectionString, profile.Host, logPath, options.KeepDatabase, console.Out, cancellationToken);
    }

    private static double PeakOf(RateCurve curve) =>
        Enumerable.Range(0, (int)Math.Ceiling(curve.EndSeconds) + 1).Max(second => curve.RateAt(second));

    private static List<string> Notes(IReadOnlyList<SkippedScenario> skipped, InvariantReport invariants, IServiceTarget target, string reportDirectory)
    {
        var notes = new List<string>(invariants.Notes);
        if (target is StartedServiceTarget)
        {
            notes.Add($"the host's output is in {Path.Combine(reportDirectory, "host.log")}");
        }

        notes.AddRange(skipped.Select(scenario => $"scenario {scenario.Name} was skipped: {scenario.Reason}"));
        return notes;
    }
}
