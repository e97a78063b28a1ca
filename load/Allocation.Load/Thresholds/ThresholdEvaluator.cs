using Allocation.Load.Metrics;

namespace Allocation.Load.Thresholds;

/// <summary>Judges thresholds on step summaries; several matching steps are judged together (histograms and counts merged).</summary>
public static class ThresholdEvaluator
{
    public static ThresholdResult Evaluate(Threshold threshold, IReadOnlyList<StepSummary> steps)
    {
        var matching = steps.Where(step => Matches(threshold.Selector, step)).ToList();
        if (matching.Count == 0)
        {
            return new ThresholdResult(threshold, null, false, $"no step matches '{threshold.Selector}'");
        }

        var merged = StepSummaries.Merge(threshold.Selector, matching);
        var actual = Measure(threshold.Metric, merged);
        var passed = threshold.Holds(actual);
        return new ThresholdResult(threshold, actual, passed, $"{threshold.Format(actual)} over {merged.Attempted:N0} requests");
    }

    public static bool Matches(string selector, StepSummary step) =>
        selector is "all" or "*"
        || string.Equals(selector, step.Name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(selector, step.Step, StringComparison.OrdinalIgnoreCase)
        || string.Equals(selector, step.Scenario, StringComparison.OrdinalIgnoreCase);

    public static double Measure(ThresholdMetric metric, StepSummary step) => metric switch
    {
        ThresholdMetric.P50 => step.Percentile(50),
        ThresholdMetric.P75 => step.Percentile(75),
        ThresholdMetric.P90 => step.Percentile(90),
        ThresholdMetric.P95 => step.Percentile(95),
        ThresholdMetric.P99 => step.Percentile(99),
        ThresholdMetric.P999 => step.Percentile(99.9),
        ThresholdMetric.Max => step.MaxMilliseconds,
        ThresholdMetric.Mean => step.MeanMilliseconds,
        ThresholdMetric.Rate => step.RatePerSecond,
        ThresholdMetric.ErrorPercent => step.ErrorPercent,
        ThresholdMetric.RejectedPercent => step.RejectedPercent,
        ThresholdMetric.Failed => step.Failed,
        _ => step.Dropped,
    };
}
