namespace Allocation.Contracts.Sourcing;

/// <summary>
/// The promise for a basket: when promised, the ready-by time and the source stores the plan would use; otherwise why
/// not, with the earliest possible ready time when the units exist but not in time.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.promise-result")]
public sealed record PromiseResult(
    [property: Id(0)] PromiseOutcome Outcome,
    [property: Id(1)] DateTimeOffset? ReadyBy,
    [property: Id(2)] IReadOnlyList<PromiseSource> Sources,
    [property: Id(3)] DateTimeOffset? EarliestPossibleReadyAt,
    [property: Id(4)] string? Reason,
    [property: Id(5)] DateTimeOffset PlannedAt);
