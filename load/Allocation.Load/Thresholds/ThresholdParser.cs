using System.Globalization;
using System.Text.RegularExpressions;

namespace Allocation.Load.Thresholds;

/// <summary>Parses "reserve.p99&lt;50ms", "flash-sale.reserve.error%&lt;=1", "confirm.rate&gt;100/s"; a bad one says what is wrong.</summary>
public static partial class ThresholdParser
{
    private static readonly Dictionary<string, ThresholdMetric> Metrics = new(StringComparer.OrdinalIgnoreCase)
    {
        ["p50"] = ThresholdMetric.P50,
        ["p75"] = ThresholdMetric.P75,
        ["p90"] = ThresholdMetric.P90,
        ["p95"] = ThresholdMetric.P95,
        ["p99"] = ThresholdMetric.P99,
        ["p999"] = ThresholdMetric.P999,
        ["max"] = ThresholdMetric.Max,
        ["mean"] = ThresholdMetric.Mean,
        ["rate"] = ThresholdMetric.Rate,
        ["error%"] = ThresholdMetric.ErrorPercent,
        ["rejected%"] = ThresholdMetric.RejectedPercent,
        ["failed"] = ThresholdMetric.Failed,
        ["dropped"] = ThresholdMetric.Dropped,
    };

    public static bool TryParse(string text, bool abortOnFail, out Threshold? threshold, out string error)
    {
        threshold = null;
        var match = Expression().Match(text.Replace(" ", "", StringComparison.Ordinal));
        if (!match.Success)
        {
            error = $"threshold '{text}': expected selector.metric<limit, e.g. reserve.p99<50ms or confirm.error%<1";
            return false;
        }

        var metricText = match.Groups["metric"].Value;
        if (!Metrics.TryGetValue(metricText, out var metric))
        {
            error = $"threshold '{text}': unknown metric '{metricText}' (one of {string.Join(", ", Metrics.Keys)})";
            return false;
        }

        if (!TryLimit(match.Groups["number"].Value, match.Groups["unit"].Value, metric, out var limit, out error))
        {
            error = $"threshold '{text}': {error}";
            return false;
        }

        var comparison = match.Groups["operator"].Value switch
        {
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            ">" => Comparison.Greater,
            _ => Comparison.GreaterOrEqual,
        };
        threshold = new Threshold(text, match.Groups["selector"].Value, metric, comparison, limit, abortOnFail);
        return true;
    }

    private static bool TryLimit(string number, string unit, ThresholdMetric metric, out double limit, out string error)
    {
        error = "";
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out limit) || limit < 0)
        {
            error = $"'{number}' is not a non-negative number";
            return false;
        }

        var isLatency = metric is >= ThresholdMetric.P50 and <= ThresholdMetric.Mean;
        var isPercent = metric is ThresholdMetric.ErrorPercent or ThresholdMetric.RejectedPercent;
        double? scale = (unit.ToLowerInvariant(), isLatency, isPercent, metric == ThresholdMetric.Rate) switch
        {
            ("ms" or "", true, _, _) => 1,
            ("s", true, _, _) => 1000,
            ("us" or "µs", true, _, _) => 0.001,
            ("%" or "", _, true, _) => 1,
            ("/s" or "", _, _, true) => 1,
            ("", false, false, false) => 1,
            _ => null,
        };
        if (scale is null)
        {
            error = $"unit '{unit}' does not fit {metric} (latency: ms, s, us; percent: %; rate: /s; counts: none)";
            return false;
        }

        limit *= scale.Value;
        return true;
    }

    [GeneratedRegex(@"^(?<selector>[A-Za-z0-9_*:-]+(\.[A-Za-z0-9_:-]+)?)\.(?<metric>[A-Za-z0-9]+%?)(?<operator><=|>=|<|>)(?<number>[0-9.]+)(?<unit>[A-Za-zµ/%]*)$")]
    private static partial Regex Expression();
}
