namespace Allocation.Planning.Model;

/// <summary>Why an allocation costs what it costs.</summary>
public sealed record CostBreakdown(decimal Transfer, decimal SplitPenalty, decimal Handling)
{
    /// <summary>No cost (unallocated orders).</summary>
    public static CostBreakdown Zero { get; } = new(0, 0, 0);

    /// <summary>Sum of the terms.</summary>
    public decimal Total => Transfer + SplitPenalty + Handling;
}
