namespace Allocation.Grains.Ledger;

/// <summary>An outbox event as stored, with its place in the tenant's feed.</summary>
internal sealed record StoredEvent(long Sequence, OutboxEvent Event);
