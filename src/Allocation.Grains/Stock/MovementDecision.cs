using Allocation.Grains.Contracts;

namespace Allocation.Grains.Stock;

internal readonly record struct MovementDecision(MovementOutcome Outcome, CountSet Counts, string? Message)
{
    public MovementResult ToContract() => new(Outcome, Counts.ToContract(), Message);
}
