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
}
