using Allocation.Load.Invariants;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>
/// A checkout: reserve the basket (step "reserve"), then after the shopper's delay confirm ("confirm") or abandon and
/// let the hold expire; a share cancel after paying ("cancel"). Every call carries the reservation id, so a retry
/// after an outage is the same checkout, not a new one.
/// </summary>
public sealed class CheckoutScenario(string name, ScenarioContext context, CheckoutBehaviour behaviour, Func<Random, Basket> basket) : IScenario
{
    public const string ReserveStep = "reserve";
    public const string ConfirmStep = "confirm";
    public const string CancelStep = "cancel";

    public string Name => name;

    public string EntryStep => ReserveStep;

    public IReadOnlyList<string> EntrySteps { get; } = [ReserveStep];

    public async Task RunAsync(Arrival arrival)
    {
        var random = context.RandomFor(name, arrival.Index);
        var reservationId = $"{context.RunId}-{name}-{arrival.Index}";
        var chosen = basket(random);
        var command = new ReserveCommand(reservationId, chosen.Lines, context.HoldTtlSeconds, chosen.PickupStoreId);
        var reserved = await context.Steps.RunAsync(name, ReserveStep, arrival.IntendedStart, arrival.IsOpenModel, token => context.Service.ReserveAsync(command, token), context.HardStop);
        if (reserved is null)
        {
            return;
        }

        // Unanswered, the hold may have started as late as the last attempt: its expiry is at most now plus the TTL.
        var latestExpiry = context.Steps.Clock.Time.GetUtcNow().AddSeconds(context.HoldTtlSeconds);
        context.Ledger.ReserveAnswered(reservationId, reserved, latestExpiry);
        if (!reserved.IsOk || random.NextDouble() >= behaviour.ConfirmShare)
        {
            return;
        }

        if (!await TransitionAsync(ConfirmStep, reservationId, LeftState.Confirmed, behaviour.ConfirmDelay.Draw(random), context.Service.ConfirmAsync)
            || random.NextDouble() >= behaviour.CancelAfterPayShare)
        {
            return;
        }

        await TransitionAsync(CancelStep, reservationId, LeftState.Released, behaviour.CancelDelay.Draw(random), context.Service.ReleaseAsync);
    }

    /// <summary>Waits the shopper's delay, then sends the call; false when the run ended first or the call did not succeed.</summary>
    private async Task<bool> TransitionAsync(
        string step, string reservationId, LeftState asked, TimeSpan delay, Func<string, CancellationToken, Task<ServiceAnswer<ReservationReply>>> call)
    {
        var clock = context.Steps.Clock;
        var intendedStart = clock.Elapsed + delay;
        try
        {
            await Task.Delay(delay, clock.Time, context.ArrivalsStopped);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var answer = await context.Steps.RunAsync(name, step, intendedStart, dropWhenBusy: false, token => call(reservationId, token), context.HardStop);
        if (answer is null)
        {
            return false;
        }

        context.Ledger.TransitionAnswered(reservationId, asked, answer);
        return answer.IsOk;
    }
}
