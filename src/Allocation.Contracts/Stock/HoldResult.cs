namespace Allocation.Contracts.Stock;

[GenerateSerializer, Immutable, Alias("allocation.hold-result")]
public sealed record HoldResult(
    [property: Id(0)] HoldOutcome Outcome,
    [property: Id(1)] int Quantity,
    [property: Id(2)] DateTimeOffset? ExpiresAt,
    [property: Id(3)] int Available,
    [property: Id(4)] HoldStatus? Status)
{
    public bool IsHeld => Outcome is HoldOutcome.Held or HoldOutcome.AlreadyHeld;
}
