namespace Allocation.Planning.Model;

/// <summary>
/// What the planner may use: stock per (sku, location) and pick capacity already used per (location, hour). Stock not
/// listed is zero. Orders in the request (including pinned ones) must not already be deducted here.
/// </summary>
public sealed record AvailabilitySnapshot(IReadOnlyList<StockLevel> Stock, IReadOnlyList<CapacityUsage> CapacityUsed)
{
    /// <summary>No stock anywhere and no capacity used.</summary>
    public static AvailabilitySnapshot Empty { get; } = new([], []);
}
