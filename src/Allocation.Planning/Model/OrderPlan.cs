namespace Allocation.Planning.Model;

/// <summary>The decision for one order.</summary>
/// <param name="OrderId">The order's id.</param>
/// <param name="Status">Allocated or why not.</param>
/// <param name="Lines">Per order line (same order as the request's lines) the sources; empty unless allocated.</param>
/// <param name="ReadyBy">Promised ready-for-pickup time when allocated.</param>
/// <param name="EarliestPossibleReadyAt">For <see cref="OrderStatus.CannotBeReadyInTime"/>: the earliest time found, if any.</param>
/// <param name="Cost">Cost terms of the allocation (zero when not allocated).</param>
/// <param name="Reason">Human-readable explanation when not allocated.</param>
public sealed record OrderPlan(
    string OrderId,
    OrderStatus Status,
    IReadOnlyList<LineAllocation> Lines,
    DateTimeOffset? ReadyBy,
    DateTimeOffset? EarliestPossibleReadyAt,
    CostBreakdown Cost,
    string? Reason)
{
    /// <summary>Number of distinct source locations beyond the first.</summary>
    public int Splits => Math.Max(0, Lines.SelectMany(line => line.Sources).Select(source => source.LocationId).Distinct(StringComparer.Ordinal).Count() - 1);
}
