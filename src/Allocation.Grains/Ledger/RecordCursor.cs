namespace Allocation.Grains.Ledger;

/// <summary>
/// A position in a walk over grain records in (updated at, owner) order: a sweep continues after the last owner it
/// was given, so records it cannot finish never keep it from the ones behind them.
/// </summary>
internal readonly record struct RecordCursor(long UpdatedAtUnixMilliseconds, string OwnerKey);

/// <summary>One owner found by a paged listing, with the cursor that continues after it.</summary>
internal readonly record struct ListedOwner(RecordOwner Owner, RecordCursor Position);
