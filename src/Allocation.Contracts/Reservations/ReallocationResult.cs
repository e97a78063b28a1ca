namespace Allocation.Contracts.Reservations;

[GenerateSerializer, Immutable, Alias("allocation.reallocation-result")]
public sealed record ReallocationResult(
    [property: Id(0)] ReallocationOutcome Outcome,
    [property: Id(1)] string? Reason);
