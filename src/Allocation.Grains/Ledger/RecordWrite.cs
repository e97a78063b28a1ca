namespace Allocation.Grains.Ledger;

/// <summary>
/// A record's whole new value (or its removal, when <see cref="Payload"/> is null), made durable with the next ledger
/// batch. <see cref="Status"/> is stored beside the payload so recovery can find records by it. A claim
/// (<see cref="IsClaim"/>) is stored only if no record has its key yet; its batch answers whether it was lost
/// (<see cref="BatchRejections.LostClaim"/>): how an id is made unique without reading first.
/// </summary>
internal readonly record struct RecordWrite(
    RecordKey Key, byte[]? Payload, string? Status, long UpdatedAtUnixMilliseconds, IReadOnlyList<OutboxEvent>? Events = null, bool IsClaim = false)
{
    /// <summary>Outbox events stored in the same transaction as this write (none for most records).</summary>
    public IReadOnlyList<OutboxEvent> EventsOrNone => Events ?? [];

    public bool IsRemoval => Payload is null;
}
