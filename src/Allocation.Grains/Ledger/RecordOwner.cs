namespace Allocation.Grains.Ledger;

/// <summary>Whose records: a kind (see <c>StorageNames</c>) and the owning grain's key.</summary>
internal readonly record struct RecordOwner(string Kind, string OwnerKey);
