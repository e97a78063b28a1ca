namespace Allocation.Contracts.Orders;

public enum OrderLineState
{
    /// <summary>Committed at the source store, awaiting pick.</summary>
    Committed = 1,

    /// <summary>Picked at the source store (off its on hand).</summary>
    Picked = 2,

    /// <summary>Dispatched from the source store to the pickup store.</summary>
    InTransit = 3,

    /// <summary>At the pickup store, staged for the order (picked there, or received).</summary>
    AtPickupStore = 4,

    Collected = 5,

    /// <summary>Back in stock after a cancel or a no-show (or released at the source before its pick).</summary>
    Returned = 6,

    /// <summary>A short pick found none of the line's units.</summary>
    WrittenOff = 7,
}
