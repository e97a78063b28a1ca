using Allocation.Load.Thresholds;

namespace Allocation.Load.Tests.Thresholds;

public sealed class ThresholdParserTests
{
    [Theory]
    [InlineData("reserve.p99<50ms", "reserve", ThresholdMetric.P99, Comparison.Less, 50)]
    [InlineData("flash-sale.reserve.error%<=1", "flash-sale.reserve", ThresholdMetric.ErrorPercent, Comparison.LessOrEqual, 1)]
    [InlineData("confirm.rate>100/s", "confirm", ThresholdMetric.Rate, Comparison.Greater, 100)]
    [InlineData("all.p95 < 1.5s", "all", ThresholdMetric.P95, Comparison.Less, 1_500)]
    [InlineData("pos.sale.max>=250us", "pos.sale", ThresholdMetric.Max, Comparison.GreaterOrEqual, 0.25)]
    [InlineData("reserve.dropped<1", "reserve", ThresholdMetric.Dropped, Comparison.Less, 1)]
    public void TryParse_ValidExpression_ReadsSelectorMetricAndLimitInBaseUnits(string text, string selector, ThresholdMetric metric, Comparison comparison, double limit)
    {
        Assert.True(ThresholdParser.TryParse(text, abortOnFail: false, out var threshold, out var error), error);
        Assert.Equal(selector, threshold!.Selector);
        Assert.Equal(metric, threshold.Metric);
        Assert.Equal(comparison, threshold.Comparison);
        Assert.Equal(limit, threshold.Limit, precision: 9);
    }

    [Theory]
    [InlineData("reserve.p99", "expected selector.metric<limit")]
    [InlineData("reserve.p42<5ms", "unknown metric 'p42'")]
    [InlineData("reserve.p99<5kg", "unit 'kg'")]
    [InlineData("reserve.rate>5ms", "unit 'ms'")]
    [InlineData("p99<5ms", "expected selector.metric<limit")]
    [InlineData("reserve.p99<1.2.3ms", "not a non-negative number")]
    public void TryParse_BadExpression_SaysWhatIsWrong(string text, string expected)
    {
        Assert.False(ThresholdParser.TryParse(text, abortOnFail: false, out var threshold, out var error));
        Assert.Null(threshold);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
