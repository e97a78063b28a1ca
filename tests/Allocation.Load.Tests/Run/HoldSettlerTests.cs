using Allocation.Load.Invariants;
using Allocation.Load.Run;
using Allocation.Load.Service;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Run;

public sealed class HoldSettlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task WaitAsync_NoOpenHold_ReturnsAtOnce()
    {
        var ledger = new RunLedger();
        Acknowledge(ledger, "r-1", "Confirmed", Now.AddSeconds(30));

        var waited = await HoldSettler.WaitAsync(ledger, new FakeTimeProvider(Now), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(TimeSpan.Zero, waited);
    }

    [Fact]
    public async Task WaitAsync_OpenHold_WaitsUntilItExpiresPlusGrace()
    {
        var ledger = new RunLedger();
        Acknowledge(ledger, "r-1", "Held", Now.AddSeconds(4));
        var time = new FakeTimeProvider(Now);

        var waiting = HoldSettler.WaitAsync(ledger, time, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4) + HoldSettler.Grace);

        Assert.Equal(TimeSpan.FromSeconds(4) + HoldSettler.Grace, await waiting);
    }

    [Fact]
    public async Task WaitAsync_HoldBeyondTheBound_WaitsOnlyTheBound()
    {
        var ledger = new RunLedger();
        Acknowledge(ledger, "r-1", "Held", Now.AddHours(1));
        var time = new FakeTimeProvider(Now);

        var waiting = HoldSettler.WaitAsync(ledger, time, TimeSpan.FromSeconds(15), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(TimeSpan.FromSeconds(15), await waiting);
    }

    private static void Acknowledge(RunLedger ledger, string reservationId, string status, DateTimeOffset expiresAt) =>
        ledger.ReserveAnswered(reservationId, ServiceAnswers.Success(201, new ReservationReply(reservationId, status, [], expiresAt, Now, null, null)), expiresAt);
}
