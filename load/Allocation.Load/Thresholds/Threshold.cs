using System.Globalization;

namespace Allocation.Load.Thresholds;

/// <summary>
/// "selector.metric OP limit": the selector is a step ("reserve", across scenarios), a scenario.step
/// ("flash-sale.reserve"), a scenario ("flash-sale", all its steps) or "all". Limit is in the metric's unit
/// (ms, percent, per second, count).
/// </summary>
public sealed record Threshold(string Text, string Selector, ThresholdMetric Metric, Comparison Comparison, double Limit, bool AbortOnFail)
{
    public bool Holds(double actual) => Comparison switch
    {
        Comparison.Less => actual < Limit,
        Comparison.LessOrEqual => actual <= Limit,
        Comparison.Greater => actual > Limit,
        _ => actual >= Limit,
    };

    public string Unit => Metric switch
    {
        ThresholdMetric.Rate => "/s",
        ThresholdMetric.ErrorPercent or ThresholdMetric.RejectedPercent => "%",
        ThresholdMetric.Failed or ThresholdMetric.Dropped => "",
        _ => " ms",
    };

    public string Format(double value) => value.ToString(Metric is ThresholdMetric.Failed or ThresholdMetric.Dropped ? "0" : "0.##", CultureInfo.InvariantCulture) + Unit;
}
