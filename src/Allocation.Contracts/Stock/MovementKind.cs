namespace Allocation.Contracts.Stock;

/// <summary>Stock movements that do not belong to a reservation.</summary>
public enum MovementKind
{
    /// <summary>Units arrived (delivery, transfer in): on hand grows by Quantity.</summary>
    Receipt = 1,

    /// <summary>A cycle count: on hand becomes Quantity, whatever it was.</summary>
    Count = 2,

    /// <summary>A correction with a reason: on hand changes by Quantity, which may be negative.</summary>
    Adjustment = 3,

    /// <summary>An offline (POS) sale at the store: on hand shrinks by Quantity.</summary>
    Sale = 4,

    /// <summary>Safety stock becomes Quantity: units kept back from online sale.</summary>
    SafetyStock = 5,

    /// <summary>Units of an order dispatched to this store: in transit grows by Quantity. Orders only, not the stock API.</summary>
    TransitDispatched = 6,

    /// <summary>Units of an order on a transfer to this store arrived: in transit shrinks by Quantity. Orders only.</summary>
    TransitArrived = 7,

    /// <summary>An order's units (already off on hand since the pick) were handed over here: no count changes. Orders only.</summary>
    Handover = 8,
}
