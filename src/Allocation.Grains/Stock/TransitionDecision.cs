using Allocation.Contracts.Stock;

namespace Allocation.Grains.Stock;

internal readonly record struct TransitionDecision(TransitionOutcome Outcome, HoldStatus? Status, int Quantity)
{
    public TransitionResult ToContract() => new(Outcome, Status, Quantity);
}
