namespace Allocation.Client.Orders;

public enum OrderState
{
    Paid = 1,
    Picking = 2,
    InTransit = 3,
    Ready = 4,
    Collected = 5,
    Cancelled = 6,
    Expired = 7,
}

public enum OrderLineState
{
    Committed = 1,
    Picked = 2,
    InTransit = 3,
    AtPickupStore = 4,
    Collected = 5,
    Returned = 6,
    WrittenOff = 7,
}

/// <summary>A paid order: its state, pickup store, deadlines, handover state and lines with their source stores.</summary>
public sealed record Order(
    string OrderId,
    OrderState State,
    string PickupStoreId,
    DateTimeOffset? ReadyBy,
    DateTimeOffset? CollectBy,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? ClosedAt,
    bool Late,
    DateTimeOffset? EarliestReadyAt,
    bool Partial,
    int WrongCodeAttempts,
    bool CodeLocked,
    int Version,
    IReadOnlyList<OrderLine> Lines);

public sealed record OrderLine(
    string Sku,
    string SourceStoreId,
    int Quantity,
    int Picked,
    int WrittenOff,
    OrderLineState State,
    DateTimeOffset? PickHour,
    string? WaveId);

/// <summary>The customer's pickup code, its collect-by date and its QR image (SVG text).</summary>
public sealed record PickupCode(string OrderId, string Code, DateTimeOffset CollectBy, string QrSvg);
