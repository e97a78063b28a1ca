namespace Allocation.Client.Stock;

/// <summary>A SKU-store's counts; InTransit are units on a transfer to it for an order (not on hand, not sellable).</summary>
public sealed record StockLevel(
    string Sku,
    string StoreId,
    int OnHand,
    int Held,
    int Committed,
    int SafetyStock,
    int Available,
    int Shortfall,
    long LedgerSequence,
    int InTransit);

public enum MovementKind
{
    /// <summary>Goods in (quantity 1 or more).</summary>
    Receipt,

    /// <summary>A stock count: on hand becomes the quantity.</summary>
    Count,

    /// <summary>A correction by the quantity (either sign, not 0), with a reason.</summary>
    Adjustment,

    /// <summary>A till sale (quantity 1 or more).</summary>
    Sale,

    /// <summary>The units kept back from online sale (a planning decision: admin only).</summary>
    SafetyStock,
}

/// <summary>
/// A stock movement. <see cref="DocumentId"/> is its idempotency key: a repeat with the same id is applied once.
/// </summary>
public sealed record StockMovement(MovementKind Kind, string Sku, string StoreId, int Quantity, string DocumentId, string? Reason = null);

public enum MovementOutcome
{
    Applied = 1,
    AlreadyApplied = 2,
    Conflict = 3,
    Rejected = 4,
}

public sealed record StockCounts(int OnHand, int Held, int Committed, int SafetyStock, int InTransit);

/// <summary>What a movement did and the counts after it.</summary>
public sealed record MovementResult(MovementOutcome Outcome, StockCounts Counts, int Available, int Shortfall, string? Message);
