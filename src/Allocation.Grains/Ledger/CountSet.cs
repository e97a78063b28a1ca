using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>The four counts as a value, so the decision path allocates nothing.</summary>
internal readonly record struct CountSet(int OnHand, int Held, int Committed, int SafetyStock)
{
    /// <summary>Units free for a new hold; negative when a count or sale left promises uncovered.</summary>
    public int Unpromised => OnHand - Held - Committed - SafetyStock;

    /// <summary>Units held or committed that on hand no longer covers.</summary>
    public int Shortfall => Math.Max(0, Held + Committed - OnHand);

    public bool IsNonNegative => OnHand >= 0 && Held >= 0 && Committed >= 0 && SafetyStock >= 0;

    public StockCounts ToContract() => new(OnHand, Held, Committed, SafetyStock);
}
