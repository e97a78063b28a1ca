namespace Allocation.Planning.Model;

/// <summary>A click-and-collect order to allocate.</summary>
/// <param name="Id">Unique order id within a request.</param>
/// <param name="PickupLocationId">Store where the customer collects.</param>
/// <param name="Lines">Lines (sku, quantity); a SKU may appear on several lines.</param>
/// <param name="PaidAt">Payment time; the readiness window starts here.</param>
/// <param name="PinnedLines">
/// Set when picking has started: the allocation per line (same order as <see cref="Lines"/>) that the batch planner
/// keeps unchanged and charges against stock and capacity. Null for orders the planner may (re)allocate.
/// </param>
public sealed record Order(
    string Id,
    string PickupLocationId,
    IReadOnlyList<OrderLine> Lines,
    DateTimeOffset PaidAt,
    IReadOnlyList<LineAllocation>? PinnedLines = null);
