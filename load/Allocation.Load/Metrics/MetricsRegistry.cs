namespace Allocation.Load.Metrics;

/// <summary>
/// Every step's statistics, in the order steps first ran. A scenario's entry step (its first request) carries the
/// scenario's target arrival rate in its buckets, so achieved can be drawn against target.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly Dictionary<string, StepMetrics> steps = new(StringComparer.Ordinal);
    private readonly List<StepMetrics> ordered = [];
    private readonly Dictionary<string, (string EntryStep, Func<int, double> TargetPerSecond)> targets = new(StringComparer.Ordinal);

    public void DeclareScenario(string scenario, string entryStep, Func<int, double> targetPerSecond)
    {
        lock (steps)
        {
            targets[scenario] = (entryStep, targetPerSecond);
            _ = GetLocked(scenario, entryStep);
        }
    }

    public StepMetrics Step(string scenario, string step)
    {
        lock (steps)
        {
            return GetLocked(scenario, step);
        }
    }

    public IReadOnlyList<StepMetrics> Steps
    {
        get
        {
            lock (steps)
            {
                return [.. ordered];
            }
        }
    }

    /// <summary>Closes the second ending now (1-based: second 1 is the run's first second).</summary>
    public void Tick(int second)
    {
        foreach (var step in Steps)
        {
            step.Tick(second, TargetOf(step, second));
        }
    }

    public IReadOnlyList<StepSummary> Summarize(double durationSeconds) => Steps.Select(step => step.Summarize(durationSeconds)).ToList();

    private double TargetOf(StepMetrics step, int second)
    {
        lock (steps)
        {
            return targets.TryGetValue(step.Scenario, out var target) && target.EntryStep == step.Step ? target.TargetPerSecond(second) : 0;
        }
    }

    private StepMetrics GetLocked(string scenario, string step)
    {
        var name = $"{scenario}.{step}";
        if (!steps.TryGetValue(name, out var metrics))
        {
            metrics = new StepMetrics(scenario, step);
            steps.Add(name, metrics);
            ordered.Add(metrics);
        }

        return metrics;
    }
}
