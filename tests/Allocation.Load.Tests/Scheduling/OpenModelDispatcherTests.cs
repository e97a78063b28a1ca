using Allocation.Load.Metrics;
using Allocation.Load.Scenarios;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Scheduling;

/// <summary>
/// The open model against a service that answers nothing until the test lets it: the arrivals keep their schedule, and
/// the latency recorded runs from each request's intended start, not from when an earlier one finished.
/// </summary>
public sealed class OpenModelDispatcherTests
{
    private const double RatePerSecond = 100;
    private const int DurationSeconds = 10;

    [Fact]
    public void DispatchDue_ServiceNeverAnswers_StartsArrivalsAtTheScheduledRate()
    {
        using var harness = new StalledRun(maxInFlight: 10_000);
        for (var second = 1; second <= DurationSeconds; second++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            harness.Dispatcher.DispatchDue(harness.Clock.Elapsed);
            Assert.Equal((long)(RatePerSecond * second), harness.Dispatcher.Dispatched);
            Assert.Equal((int)(RatePerSecond * second), harness.Limiter.InFlight);
        }
    }

    [Fact]
    public async Task DispatchDue_SlowService_RecordsLatencyFromIntendedStart()
    {
        using var harness = new StalledRun(maxInFlight: 10_000);
        harness.Time.Advance(TimeSpan.FromSeconds(DurationSeconds));
        harness.Dispatcher.DispatchDue(harness.Clock.Elapsed);
        harness.Answer();
        await harness.Dispatcher.DrainAsync();
        harness.Metrics.Tick(1);
        var summary = harness.Metrics.Summarize(DurationSeconds).Single();

        // Arrival n was due at (n + 0.5) / rate: the first waited 9.995 s, the last 5 ms, all answered at t = 10 s.
        // HdrHistogram keeps 3 significant digits, so a value may read up to 0.1 % high.
        Assert.Equal(1_000, summary.Ok);
        Assert.InRange(summary.MaxMilliseconds, 9_985, 10_010);
        Assert.InRange(summary.Percentile(0), 4, 6);
        Assert.InRange(summary.Percentile(50), 4_900, 5_100);
    }

    [Fact]
    public void DispatchDue_InFlightBoundReached_DropsArrivalsInsteadOfQueueing()
    {
        using var harness = new StalledRun(maxInFlight: 10);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        harness.Dispatcher.DispatchDue(harness.Clock.Elapsed);
        harness.Metrics.Tick(1);
        var summary = harness.Metrics.Summarize(1).Single();

        Assert.Equal(100, harness.Dispatcher.Dispatched);
        Assert.Equal(10, harness.Limiter.InFlight);
        Assert.Equal(90, summary.Dropped);
    }

    [Fact]
    public void DispatchDue_BeforeFirstArrivalIsDue_StartsNothing()
    {
        using var harness = new StalledRun(maxInFlight: 10);
        harness.Time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, harness.Dispatcher.DispatchDue(harness.Clock.Elapsed));
        harness.Time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1, harness.Dispatcher.DispatchDue(harness.Clock.Elapsed));
    }

    /// <summary>A dispatcher at 100/s whose every request waits on one gate the test opens.</summary>
    private sealed class StalledRun : IDisposable
    {
        private readonly TaskCompletionSource<ServiceAnswer<bool>> gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledRun(int maxInFlight)
        {
            Clock = new RunClock(Time);
            Limiter = new InFlightLimiter(maxInFlight);
            var steps = new StepRunner(Metrics, Limiter, Clock);
            Dispatcher = new OpenModelDispatcher(
                "scenario", RateCurve.Constant(RatePerSecond, DurationSeconds),
                arrival => steps.RunAsync("scenario", "reserve", arrival.IntendedStart, arrival.IsOpenModel, _ => gate.Task, CancellationToken.None),
                Clock);
        }

        public FakeTimeProvider Time { get; } = new();

        public RunClock Clock { get; }

        public MetricsRegistry Metrics { get; } = new();

        public InFlightLimiter Limiter { get; }

        public OpenModelDispatcher Dispatcher { get; }

        public void Answer() => gate.SetResult(ServiceAnswers.Success(200, true));

        public void Dispose() => Limiter.Dispose();
    }
}
