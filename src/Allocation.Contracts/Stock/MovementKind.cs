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
}
