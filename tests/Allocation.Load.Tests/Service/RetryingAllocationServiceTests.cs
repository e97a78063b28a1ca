using Allocation.Load.Service;
using Allocation.Load.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Service;

public sealed class RetryingAllocationServiceTests
{
    private const int AdvanceStepsMax = 1_000;
    private static readonly RetryPolicy Policy = new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
    private static readonly ServiceAnswer<ReservationReply> NoAnswer = ServiceAnswers.Failure<ReservationReply>(0, "connection refused");

    private readonly FakeTimeProvider time = new();
    private readonly ScriptedService inner = new();

    [Fact]
    public async Task ReserveAsync_NoAnswerTwice_RetriesWithTheSameIdUntilAnswered()
    {
        inner.Script("reserve", NoAnswer, NoAnswer);

        var answer = await RunAsync(service => service.ReserveAsync(new ReserveCommand("order-1", [], 60, null), CancellationToken.None));

        Assert.True(answer.IsOk);
        Assert.Equal(3, answer.Attempts);
        Assert.Equal(["reserve order-1", "reserve order-1", "reserve order-1"], inner.Calls);
    }

    [Fact]
    public async Task ConfirmAsync_NeverAnswered_StopsWhenTheBudgetIsSpent()
    {
        inner.Script("confirm", Enumerable.Repeat(NoAnswer, 50).ToArray());

        var answer = await RunAsync(service => service.ConfirmAsync("order-1", CancellationToken.None));

        // Pauses of 100, 200 and 400 ms fit the 1 s budget; the next 800 ms would not.
        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Equal(4, answer.Attempts);
    }

    [Fact]
    public async Task ReserveAsync_Rejected_IsNotRetried()
    {
        inner.Script("reserve", ServiceAnswers.Refusal<ReservationReply>(409, "insufficient stock"));

        var answer = await RunAsync(service => service.ReserveAsync(new ReserveCommand("order-2", [], 60, null), CancellationToken.None));

        Assert.Equal(AnswerKind.Rejected, answer.Kind);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task ReleaseAsync_ServerError_IsRetried()
    {
        inner.Script("release", ServiceAnswers.Failure<ReservationReply>(503, "unavailable"));

        var answer = await RunAsync(service => service.ReleaseAsync("order-3", CancellationToken.None));

        Assert.True(answer.IsOk);
        Assert.Equal(2, answer.Attempts);
    }

    [Fact]
    public async Task ReserveAsync_BadRequest_IsNotRetried()
    {
        inner.Script("reserve", ServiceAnswers.Failure<ReservationReply>(400, "lines: at least one line is required"));

        var answer = await RunAsync(service => service.ReserveAsync(new ReserveCommand("order-4", [], 60, null), CancellationToken.None));

        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Equal(1, answer.Attempts);
    }

    /// <summary>Moves the fake clock on until the call completes: the backoff waits on it, never on real time.</summary>
    private async Task<ServiceAnswer<ReservationReply>> RunAsync(Func<IAllocationService, Task<ServiceAnswer<ReservationReply>>> call)
    {
        var pending = call(new RetryingAllocationService(inner, Policy, time));
        for (var step = 0; step < AdvanceStepsMax && !pending.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        Assert.True(pending.IsCompleted, "the retries did not finish within the fake time given");
        return await pending;
    }
}
