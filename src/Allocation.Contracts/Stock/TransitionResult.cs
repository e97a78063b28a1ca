namespace Allocation.Contracts.Stock;

/// <summary>The answer to confirm, release or pick of one hold; Status is the hold's state afterwards.</summary>
[GenerateSerializer, Immutable, Alias("allocation.transition-result")]
public sealed record TransitionResult(
    [property: Id(0)] TransitionOutcome Outcome,
    [property: Id(1)] HoldStatus? Status,
    [property: Id(2)] int Quantity)
{
    public bool Succeeded => Outcome is TransitionOutcome.Done or TransitionOutcome.AlreadyDone;
}
