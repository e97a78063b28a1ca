using System.Threading.Channels;
using Allocation.Load.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Scheduling;

/// <summary>
/// Virtual users on a fake clock. Each iteration waits on a gate the test opens; opening it runs the user on to its
/// think time at once (the gate completes inline), so the fake clock then decides when the next iteration may start,
/// and the test waits for that start as an event.
/// </summary>
public sealed class ClosedModelRunnerTests
{
    private static readonly TimeSpan ThinkTime = TimeSpan.FromSeconds(1);

    /// <summary>Only bounds a broken runner; a working one starts its iterations as soon as the clock allows.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider time = new();
    private readonly Channel<(Arrival Arrival, TaskCompletionSource Gate)> starts = Channel.CreateUnbounded<(Arrival, TaskCompletionSource)>();

    /// <summary>Off xunit's synchronization context, opening a gate runs the user on inline, as in the harness itself.</summary>
    [Fact]
    public Task RunAsync_TwoUsersThinkingOneSecond_StartAgainOnlyAfterAnswerAndThinkTime() => Task.Run(TwoUsersThinkingAsync);

    private async Task TwoUsersThinkingAsync()
    {
        using var stop = new CancellationTokenSource();
        var running = Runner().RunAsync(stop.Token);

        for (var second = 0; second < 3; second++)
        {
            var (first, second2) = (await NextAsync(), await NextAsync());
            Assert.Equal(second, first.Arrival.IntendedStart.TotalSeconds);
            Assert.Equal(second, second2.Arrival.IntendedStart.TotalSeconds);
            Assert.False(starts.Reader.TryRead(out _));
            first.Gate.SetResult();
            second2.Gate.SetResult();
            time.Advance(ThinkTime);
        }

        // The users' fourth iterations (at 3 s) start once the clock allows; after the stop they run no fifth.
        var (third, fourth) = (await NextAsync(), await NextAsync());
        Assert.Equal(3, third.Arrival.IntendedStart.TotalSeconds);
        await stop.CancelAsync();
        third.Gate.SetResult();
        fourth.Gate.SetResult();
        await running;
        Assert.False(starts.Reader.TryRead(out _));
    }

    [Fact]
    public async Task RunAsync_ServiceNeverAnswers_StartsNoSecondIteration()
    {
        using var stop = new CancellationTokenSource();
        var running = Runner().RunAsync(stop.Token);
        var (first, second) = (await NextAsync(), await NextAsync());

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(starts.Reader.TryRead(out _));
        Assert.False(first.Arrival.IsOpenModel);
        await stop.CancelAsync();
        first.Gate.SetResult();
        second.Gate.SetResult();
        await running;
        Assert.False(starts.Reader.TryRead(out _));
    }

    private ClosedModelRunner Runner() =>
        new("staff", 2, _ => ThinkTime, arrival =>
        {
            var gate = new TaskCompletionSource();
            starts.Writer.TryWrite((arrival, gate));
            return gate.Task;
        }, new RunClock(time), seed: 1);

    private async Task<(Arrival Arrival, TaskCompletionSource Gate)> NextAsync() => await starts.Reader.ReadAsync().AsTask().WaitAsync(StartTimeout);
}
