using Allocation.Load.Service;
using Allocation.Load.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Service;

/// <summary>
/// The retry loop with pauses of zero (so every call completes at once, no clock involved), and the budget arithmetic
/// on its own: together they are what a run with real pauses does.
/// </summary>
public sealed class RetryingAllocationServiceTests
{
    private static readonly RetryPolicy NoPause = new(TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.Zero);
    private static readonly ServiceAnswer<ReservationReply> NoAnswer = ServiceAnswers.Failure<ReservationReply>(0, "connection refused");

    private readonly ScriptedService inner = new();

    [Fact]
    public async Task ReserveAsync_NoAnswerTwice_RetriesWithTheSameIdUntilAnswered()
    {
        inner.Script("reserve", NoAnswer, NoAnswer);

        var answer = await Service(NoPause).ReserveAsync(new ReserveCommand("order-1", [], 60, null), CancellationToken.None);

        Assert.True(answer.IsOk);
        Assert.Equal(3, answer.Attempts);
        Assert.Equal(["reserve order-1", "reserve order-1", "reserve order-1"], inner.Calls);
    }

    [Fact]
    public async Task ReserveAsync_Rejected_IsNotRetried()
    {
        inner.Script("reserve", ServiceAnswers.Refusal<ReservationReply>(409, "insufficient stock"));

        var answer = await Service(NoPause).ReserveAsync(new ReserveCommand("order-2", [], 60, null), CancellationToken.None);

        Assert.Equal(AnswerKind.Rejected, answer.Kind);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task ReleaseAsync_ServerError_IsRetried()
    {
        inner.Script("release", ServiceAnswers.Failure<ReservationReply>(503, "unavailable"));

        var answer = await Service(NoPause).ReleaseAsync("order-3", CancellationToken.None);

        Assert.True(answer.IsOk);
        Assert.Equal(2, answer.Attempts);
    }

    [Fact]
    public async Task ReserveAsync_BadRequest_IsNotRetried()
    {
        inner.Script("reserve", ServiceAnswers.Failure<ReservationReply>(400, "lines: at least one line is required"));

        var answer = await Service(NoPause).ReserveAsync(new ReserveCommand("order-4", [], 60, null), CancellationToken.None);

        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Equal(1, answer.Attempts);
    }

    [Fact]
    public async Task ConfirmAsync_NoBudget_SendsOnce()
    {
        inner.Script("confirm", NoAnswer, NoAnswer);

        var answer = await Service(RetryPolicy.None).ConfirmAsync("order-5", CancellationToken.None);

        Assert.Equal(AnswerKind.Failed, answer.Kind);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public void AllowsAnother_DoublingPauses_StopsBeforeTheBudgetIsExceeded()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        // Pauses of 100, 200 and 400 ms fit the 1 s budget (after 0, 100 and 300 ms); the next 800 ms would not.
        Assert.True(policy.AllowsAnother(1, TimeSpan.Zero));
        Assert.True(policy.AllowsAnother(2, TimeSpan.FromMilliseconds(100)));
        Assert.True(policy.AllowsAnother(3, TimeSpan.FromMilliseconds(300)));
        Assert.False(policy.AllowsAnother(4, TimeSpan.FromMilliseconds(700)));
    }

    [Fact]
    public void Backoff_Doubling_IsCappedAtItsMaximum()
    {
        var policy = new RetryPolicy(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));

        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(1, 5).Select(attempt => policy.Backoff(attempt).TotalMilliseconds));
    }

    private RetryingAllocationService Service(RetryPolicy policy) => new(inner, policy, new FakeTimeProvider());
}
