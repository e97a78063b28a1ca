namespace Allocation.Grains.Ledger;

/// <summary>What a ledger entry records. Stored as text; never rename a member without a migration.</summary>
internal enum LedgerEntryKind : byte
{
    Receipt = 1,
    Count = 2,
    Adjustment = 3,
    Sale = 4,
    SafetyStock = 5,
    Hold = 10,
    Confirm = 11,
    Release = 12,
    Cancel = 13,
    Expire = 14,
    Pick = 15,

    /// <summary>A short pick: the hold's committed units shrink by Quantity (the units were not there); the hold stays.</summary>
    PickShort = 16,

    /// <summary>Units dispatched to this SKU-store for an order: in transit grows by Quantity.</summary>
    TransitIn = 17,

    /// <summary>Units on a transfer to this SKU-store arrived: in transit shrinks by Quantity.</summary>
    TransitArrive = 18,

    /// <summary>An order's units were handed to the customer here (they left on hand at the pick): no count changes.</summary>
    Handover = 19,
}
