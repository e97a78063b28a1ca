using Allocation.Contracts.Stock;
using Allocation.Grains.Ledger;

namespace Allocation.Grains.Stock;

internal readonly record struct MovementDecision(MovementOutcome Outcome, CountSet Counts, string? Message)
{
    public MovementResult ToContract() => new(Outcome, Counts.ToContract(), Message);
}
