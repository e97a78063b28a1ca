namespace Allocation.Planning.Model;

/// <summary>Outcome of one order.</summary>
public enum OrderStatus
{
    /// <summary>Every line is sourced and the order is ready by <see cref="OrderPlan.ReadyBy"/>, within the window.</summary>
    Allocated,

    /// <summary>Stock exists but not in time (or not within pick capacity); see <see cref="OrderPlan.EarliestPossibleReadyAt"/>.</summary>
    CannotBeReadyInTime,

    /// <summary>Not enough stock within the split limit anywhere in the network.</summary>
    OutOfStock,

    /// <summary>The order itself is wrong (unknown pickup store, zero quantity, ...); see <see cref="OrderPlan.Reason"/>.</summary>
    Invalid,
}
