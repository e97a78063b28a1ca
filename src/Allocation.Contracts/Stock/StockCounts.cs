namespace Allocation.Contracts.Stock;

/// <summary>The counts of one SKU-store; InTransit are units on a transfer to it for an order (not on hand, never sellable). Available never goes below zero, even when a count left on hand short of what is promised.</summary>
[GenerateSerializer, Immutable, Alias("allocation.stock-counts")]
public sealed record StockCounts(
    [property: Id(0)] int OnHand,
    [property: Id(1)] int Held,
    [property: Id(2)] int Committed,
    [property: Id(3)] int SafetyStock,
    [property: Id(4)] int InTransit = 0)
{
    public int Available => Math.Max(0, OnHand - Held - Committed - SafetyStock);

    /// <summary>Units promised (held or committed) that on hand no longer covers; non-zero only after a count, sale or write-off.</summary>
    public int Shortfall => Math.Max(0, Held + Committed - OnHand);
}
