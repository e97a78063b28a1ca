using Allocation.Grains.Ledger;

namespace Allocation.Grains.Stock;

/// <summary>A movement document already applied, remembered so the same document is applied once.</summary>
internal readonly record struct DocumentRecord(LedgerEntryKind Kind, int Quantity, string? Reason, long AppliedAtUnixMilliseconds);
