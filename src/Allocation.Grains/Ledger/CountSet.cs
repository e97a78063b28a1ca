using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>
/// The counts as a value, so the decision path allocates nothing. InTransit counts units on a transfer to this
/// SKU-store for an order: not on hand, not sellable.
/// </summary>
internal readonly record struct CountSet(int OnHand, int Held, int Committed, int SafetyStock, int InTransit = 0)
{
    /// <summary>Units free for a new hold; negative when a count or sale left promises uncovered.</summary>
    public int Unpromised => OnHand - Held - Committed - SafetyStock;

    /// <summary>Units held or committed that on hand no longer covers.</summary>
    public int Shortfall => Math.Max(0, Held + Committed - OnHand);

    public bool IsNonNegative => OnHand >= 0 && Held >= 0 && Committed >= 0 && SafetyStock >= 0 && InTransit >= 0;

    public StockCounts ToContract() => new(OnHand, Held, Committed, SafetyStock, InTransit);
}
