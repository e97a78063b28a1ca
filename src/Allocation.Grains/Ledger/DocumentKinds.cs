namespace Allocation.Grains.Ledger;

/// <summary>
/// Which ledger entries record a movement document (a receipt, a count, an order step's transit...), identified by
/// their reference id; the other kinds record a hold's life and are identified by the reservation. Migration
/// 009_document_history indexes exactly the document kinds: keep the two lists the same.
/// </summary>
internal static class DocumentKinds
{
    public static bool IsDocument(LedgerEntryKind kind) => kind is not (
        LedgerEntryKind.Hold or LedgerEntryKind.Confirm or LedgerEntryKind.Release or LedgerEntryKind.Cancel
        or LedgerEntryKind.Expire or LedgerEntryKind.Pick or LedgerEntryKind.PickShort);

    /// <summary>The same list as SQL, matching the partial index's predicate word for word (so the planner uses it).</summary>
    public const string SqlPredicate = "kind NOT IN ('Hold', 'Confirm', 'Release', 'Cancel', 'Expire', 'Pick', 'PickShort')";
}
