namespace Allocation.Contracts.Stock;

/// <summary>Where one reservation's units stand at one SKU-store. Every state but Held and Committed is final.</summary>
public enum HoldStatus
{
    Held = 1,
    Committed = 2,
    Released = 3,
    Expired = 4,
    Cancelled = 5,
    Picked = 6,
}
