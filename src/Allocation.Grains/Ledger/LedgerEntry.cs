using Allocation.Contracts.Stock;

namespace Allocation.Grains.Ledger;

/// <summary>
/// One change to one SKU-store: what happened, the counts before and after, and the reservation or document it
/// belongs to. Sequence numbers are dense per SKU-store, starting at 1.
/// </summary>
internal readonly record struct LedgerEntry(
    StockKey Key,
    long Sequence,
    LedgerEntryKind Kind,
    int Quantity,
    CountSet Before,
    CountSet After,
    string ReferenceId,
    string? Reason,
    int TtlSeconds,
    long ExpiresAtUnixMilliseconds,
    long OccurredAtUnixMilliseconds);
