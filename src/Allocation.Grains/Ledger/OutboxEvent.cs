namespace Allocation.Grains.Ledger;

/// <summary>
/// A customer-facing event, stored with the record write that announces it (the transactional outbox): both are in
/// the same batch and the same transaction, so an event exists exactly when its transition is durable.
/// </summary>
internal sealed record OutboxEvent(string TenantId, string EventId, string EventType, string OrderId, long OccurredAtUnixMilliseconds, string Payload);
