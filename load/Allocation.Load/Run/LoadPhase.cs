using Allocation.Load.Live;
using Allocation.Load.Metrics;
using Allocation.Load.Scheduling;
using Allocation.Load.Thresholds;

namespace Allocation.Load.Run;

/// <summary>
/// Runs the scenarios for the duration: open-model dispatchers and closed-model users, a once-a-second ticker that
/// closes the buckets, judges the thresholds (an aborting one that fails stops the arrivals) and feeds the live view;
/// then waits for the iterations in flight (their requests are answered; think times end at once).
/// </summary>
public sealed class LoadPhase(RunClock clock, MetricsRegistry metrics, InFlightLimiter limiter, ILiveView live, LoadPhaseSettings settings)
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private readonly List<Outage> outages = [];
    private string? abortReason;

    public async Task<LoadOutcome> RunAsync(
        IReadOnlyList<ScenarioPlan> plans, IReadOnlyList<Threshold> thresholds, Func<Task>? killAndRestart,
        CancellationTokenSource arrivalsStopped, CancellationTokenSource hardStop, CancellationToken interrupted)
    {
        using var interruption = interrupted.Register(() => { abortReason ??= "interrupted (Ctrl-C)"; arrivalsStopped.Cancel(); });
        var dispatchers = plans.Where(plan => plan.IsOpen).Select(plan => new OpenModelDispatcher(plan.Scenario.Name, plan.Curve!, plan.Scenario.RunAsync, clock)).ToList();
        var closed = plans.Where(plan => !plan.IsOpen).Select((plan, index) => new ClosedModelRunner(
            plan.Scenario.Name, plan.Profile.VirtualUsers, plan.Profile.ThinkTimeSeconds!.Draw, plan.Scenario.RunAsync, clock, settings.Seed + index)).ToList();
        foreach (var plan in plans)
        {
            var curve = plan.Curve;
            metrics.DeclareScenario(plan.Scenario.Name, plan.Scenario.EntryStep, second => curve is null ? 0 : curve.ArrivalsBy(second) - curve.ArrivalsBy(second - 1));
        }

        arrivalsStopped.CancelAfter(settings.Duration);
        using var tickerStop = new CancellationTokenSource();
        var ticker = TickAsync(plans, thresholds, arrivalsStopped, tickerStop.Token);
        var display = live.RunAsync(ticker);
        var killer = killAndRestart is null ? Task.CompletedTask : KillAtAsync(killAndRestart, arrivalsStopped.Token);
        await Task.WhenAll(dispatchers.Select(dispatcher => dispatcher.RunAsync(arrivalsStopped.Token)).Concat(closed.Select(runner => runner.RunAsync(arrivalsStopped.Token))));
        var arrivalsSeconds = clock.Elapsed.TotalSeconds;
        var drained = Task.WhenAll(dispatchers.Select(dispatcher => dispatcher.DrainAsync()));
        if (await Task.WhenAny(drained, Task.Delay(settings.DrainTimeout, clock.Time, CancellationToken.None)) != drained)
        {
            await hardStop.CancelAsync();
            await drained;
        }

        await killer;
        await tickerStop.CancelAsync();
        await ticker;
        await display;
        lock (outages)
        {
            return new LoadOutcome(arrivalsSeconds, metrics.Summarize(arrivalsSeconds), metrics.Steps, abortReason, [.. outages]);
        }
    }

    private async Task TickAsync(IReadOnlyList<ScenarioPlan> plans, IReadOnlyList<Threshold> thresholds, CancellationTokenSource arrivalsStopped, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TickInterval, clock.Time);
        var second = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                second++;
                Tick(second, plans, thresholds, arrivalsStopped);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over: the final partial second is closed below.
        }

        Tick(second + 1, plans, thresholds, arrivalsStopped);
    }

    private void Tick(int second, IReadOnlyList<ScenarioPlan> plans, IReadOnlyList<Threshold> thresholds, CancellationTokenSource arrivalsStopped)
    {
        metrics.Tick(second);
        var elapsed = clock.Elapsed.TotalSeconds;
        var summaries = metrics.Summarize(Math.Min(elapsed, settings.Duration.TotalSeconds));
        var results = thresholds.Select(threshold => ThresholdEvaluator.Evaluate(threshold, summaries)).ToList();
        var failing = results.FirstOrDefault(result => !result.Passed && result.Threshold.AbortOnFail);
        if (failing is not null && elapsed >= settings.AbortGrace.TotalSeconds && !arrivalsStopped.IsCancellationRequested)
        {
            abortReason = $"threshold {failing.Threshold.Text} failed at {elapsed:0} s ({failing.Detail})";
            arrivalsStopped.Cancel();
        }

        var target = plans.Where(plan => plan.Curve is not null).Sum(plan => plan.Curve!.RateAt(Math.Min(elapsed, settings.Duration.TotalSeconds)));
        var achieved = metrics.Steps.Where(step => IsEntry(plans, step)).Sum(step => step.Buckets is { Count: > 0 } buckets ? buckets[^1].Answered : 0);
        var status = abortReason ?? (IsHostDown() ? "HOST DOWN" : null);
        live.Show(new LiveSnapshot(elapsed, settings.Duration.TotalSeconds, target, achieved, limiter.InFlight, summaries, results, status));
    }

    private static bool IsEntry(IReadOnlyList<ScenarioPlan> plans, StepMetrics step) =>
        plans.Any(plan => plan.Scenario.Name == step.Scenario && plan.Scenario.EntrySteps.Contains(step.Step));

    private async Task KillAtAsync(Func<Task> killAndRestart, CancellationToken arrivalsStopped)
    {
        try
        {
            await Task.Delay(settings.KillHostAt!.Value, clock.Time, arrivalsStopped);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var start = clock.Elapsed.TotalSeconds;
        lock (outages)
        {
            outages.Add(new Outage(start, -1));
        }

        await killAndRestart();
        lock (outages)
        {
            outages[^1] = new Outage(start, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>An outage still open (no end yet) means the host is down or restarting.</summary>
    private bool IsHostDown()
    {
        lock (outages)
        {
            return outages.Count > 0 && outages[^1].EndSeconds < 0;
        }
    }
}
