namespace Allocation.Grains.Ledger;

/// <summary>A record as read back: its item key, stored value and status.</summary>
internal sealed record StoredRecord(string ItemKey, byte[] Payload, string? Status);
