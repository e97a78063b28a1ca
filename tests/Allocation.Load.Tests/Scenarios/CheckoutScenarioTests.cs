using Allocation.Load.Invariants;
using Allocation.Load.Metrics;
using Allocation.Load.Profiles;
using Allocation.Load.Scenarios;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;
using Allocation.Load.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Allocation.Load.Tests.Scenarios;

public sealed class CheckoutScenarioTests : IDisposable
{
    private static readonly SecondsRange Immediately = new(0, 0);
    private static readonly LoadPool Pool = new(["SKU-1", "SKU-2"], ["SKU-1"], ["S1", "S2"], ["S1", "S2", "DC1"]);

    private readonly ScriptedService service = new();
    private readonly RunLedger ledger = new();
    private readonly MetricsRegistry metrics = new();
    private readonly InFlightLimiter limiter = new(8);
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task RunAsync_ShopperPays_ReservesThenConfirmsTheSameId()
    {
        await Scenario(new CheckoutBehaviour(ConfirmShare: 1, Immediately, CancelAfterPayShare: 0, Immediately)).RunAsync(Arrival(7));

        Assert.Equal(["reserve run-checkout-7", "confirm run-checkout-7"], service.Calls);
        Assert.Equal(LeftState.Confirmed, Assert.Single(ledger.Reservations).Acknowledged);
    }

    [Fact]
    public async Task RunAsync_ShopperWalksAway_LeavesTheHoldToExpire()
    {
        await Scenario(new CheckoutBehaviour(ConfirmShare: 0, Immediately, CancelAfterPayShare: 0, Immediately)).RunAsync(Arrival(1));

        Assert.Equal(["reserve run-checkout-1"], service.Calls);
        Assert.Equal(LeftState.Held, Assert.Single(ledger.Reservations).Acknowledged);
    }

    [Fact]
    public async Task RunAsync_CancelAfterPaying_ReleasesAfterTheConfirm()
    {
        await Scenario(new CheckoutBehaviour(ConfirmShare: 1, Immediately, CancelAfterPayShare: 1, Immediately)).RunAsync(Arrival(2));

        Assert.Equal(["reserve run-checkout-2", "confirm run-checkout-2", "release run-checkout-2"], service.Calls);
        Assert.Equal(LeftState.Released, Assert.Single(ledger.Reservations).Acknowledged);
        Assert.Equal(["checkout.reserve", "checkout.confirm", "checkout.cancel"], metrics.Steps.Select(step => step.Name));
    }

    [Fact]
    public async Task RunAsync_SoldOut_NeitherConfirmsNorTracks()
    {
        service.Script("reserve", ServiceAnswers.Refusal<ReservationReply>(409, "insufficient stock"));

        await Scenario(new CheckoutBehaviour(ConfirmShare: 1, Immediately, CancelAfterPayShare: 0, Immediately)).RunAsync(Arrival(3));

        Assert.Equal(["reserve run-checkout-3"], service.Calls);
        Assert.Empty(ledger.Reservations);
        metrics.Tick(1);
        Assert.Equal(1, metrics.Summarize(1).Single().Rejected);
    }

    [Fact]
    public async Task RunAsync_ConfirmNeverAnswered_RecordsTheUnansweredTransition()
    {
        service.Script("confirm", ServiceAnswers.Failure<ReservationReply>(0, "timeout"));

        await Scenario(new CheckoutBehaviour(ConfirmShare: 1, Immediately, CancelAfterPayShare: 0, Immediately)).RunAsync(Arrival(4));

        var tracked = Assert.Single(ledger.Reservations);
        Assert.Equal(LeftState.Held, tracked.Acknowledged);
        Assert.Equal(LeftState.Confirmed, tracked.UnansweredTransition);
    }

    public void Dispose() => limiter.Dispose();

    private static Arrival Arrival(long index) => new("checkout", index, TimeSpan.Zero, IsOpenModel: true);

    private CheckoutScenario Scenario(CheckoutBehaviour behaviour)
    {
        var context = new ScenarioContext(service, new StepRunner(metrics, limiter, new RunClock(time)), ledger, Pool, "run", 60, 1, CancellationToken.None, CancellationToken.None);
        return new CheckoutScenario("checkout", context, behaviour, Baskets.NamedStore(new ScenarioProfile { LinesMin = 1, LinesMax = 2 }, Pool));
    }
}
