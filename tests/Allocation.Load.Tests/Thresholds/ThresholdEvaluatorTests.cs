using Allocation.Load.Metrics;
using Allocation.Load.Service;
using Allocation.Load.Thresholds;

namespace Allocation.Load.Tests.Thresholds;

public sealed class ThresholdEvaluatorTests
{
    [Fact]
    public void Evaluate_P99AboveLimit_Fails()
    {
        var steps = Steps(("checkout", "reserve", 100, 20));

        var result = ThresholdEvaluator.Evaluate(Parse("reserve.p99<50ms"), steps);

        Assert.False(result.Passed);
        Assert.InRange(result.Actual!.Value, 99, 101);
    }

    [Fact]
    public void Evaluate_P99BelowLimit_Passes()
    {
        var result = ThresholdEvaluator.Evaluate(Parse("reserve.p99<50ms"), Steps(("checkout", "reserve", 10, 20)));

        Assert.True(result.Passed);
    }

    [Fact]
    public void Evaluate_StepNameAcrossScenarios_MergesTheirLatencies()
    {
        // 99 fast answers in one scenario and 1 slow one in another: p99 of the merged step is the fast one, max the slow.
        var steps = Steps(("flash", "reserve", 10, 99), ("named", "reserve", 900, 1), ("named", "confirm", 5_000, 50));

        Assert.True(ThresholdEvaluator.Evaluate(Parse("reserve.p99<20ms"), steps).Passed);
        Assert.False(ThresholdEvaluator.Evaluate(Parse("reserve.max<800ms"), steps).Passed);
        Assert.False(ThresholdEvaluator.Evaluate(Parse("named.p50<100ms"), steps).Passed);
    }

    [Fact]
    public void Evaluate_ErrorPercent_CountsFailedAndDropped()
    {
        var metrics = new StepMetrics("pos", "sale");
        for (var index = 0; index < 8; index++)
        {
            metrics.Record(AnswerKind.Ok, 200, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), 1);
        }

        metrics.Record(AnswerKind.Failed, 503, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), 1);
        metrics.RecordDropped();
        metrics.Tick(1, 0);

        var result = ThresholdEvaluator.Evaluate(Parse("sale.error%<15"), [metrics.Summarize(1)]);

        Assert.Equal(20, result.Actual!.Value, precision: 6);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Evaluate_NoStepMatches_FailsAndSaysSo()
    {
        var result = ThresholdEvaluator.Evaluate(Parse("pick.p99<50ms"), Steps(("checkout", "reserve", 1, 1)));

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains("no step matches 'pick'", result.Detail, StringComparison.Ordinal);
    }

    private static Threshold Parse(string text)
    {
        Assert.True(ThresholdParser.TryParse(text, abortOnFail: false, out var threshold, out var error), error);
        return threshold!;
    }

    private static List<StepSummary> Steps(params (string Scenario, string Step, int LatencyMilliseconds, int Count)[] recordings)
    {
        var steps = new Dictionary<string, StepMetrics>();
        foreach (var (scenario, step, latency, count) in recordings)
        {
            var key = $"{scenario}.{step}";
            if (!steps.TryGetValue(key, out var metrics))
            {
                metrics = steps[key] = new StepMetrics(scenario, step);
            }

            for (var index = 0; index < count; index++)
            {
                metrics.Record(AnswerKind.Ok, 200, TimeSpan.FromMilliseconds(latency), TimeSpan.FromMilliseconds(latency), 1);
            }
        }

        return steps.Values.Select(metrics =>
        {
            metrics.Tick(1, 0);
            return metrics.Summarize(1);
        }).ToList();
    }
}
