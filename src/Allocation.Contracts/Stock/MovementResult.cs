namespace Allocation.Contracts.Stock;

/// <summary>
/// The answer to a movement. Shortfall reports units held or committed that on hand no longer covers:
/// a count or sale that leaves stock short is still recorded, and the gap is made visible, not hidden.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.movement-result")]
public sealed record MovementResult(
    [property: Id(0)] MovementOutcome Outcome,
    [property: Id(1)] StockCounts Counts,
    [property: Id(2)] string? Message)
{
    public int Shortfall => Counts.Shortfall;
}
