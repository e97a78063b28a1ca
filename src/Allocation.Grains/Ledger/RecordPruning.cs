namespace Allocation.Grains.Ledger;

/// <summary>
/// One page of a retention walk over the records of <paramref name="Kind"/> in key order, after
/// <paramref name="AfterOwnerKey"/>/<paramref name="AfterItemKey"/>: of the next <paramref name="Limit"/> records, those
/// last written before <paramref name="UpdatedBefore"/> whose status is one of <paramref name="Statuses"/> (any status,
/// none included, when null) are deleted, each with the records of <paramref name="CompanionKind"/> of the same owner
/// (an order's reservation record) in the same statement.
/// </summary>
internal sealed record RecordPruning(
    string Kind,
    IReadOnlyList<string>? Statuses,
    DateTimeOffset UpdatedBefore,
    string? CompanionKind,
    string AfterOwnerKey,
    string AfterItemKey,
    int Limit);

/// <summary>What a page of a retention walk did: rows deleted, rows looked at, and where the walk continues (null at its end).</summary>
internal readonly record struct PrunedPage(int Deleted, int Scanned, (string OwnerKey, string ItemKey)? Next);
