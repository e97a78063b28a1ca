using Allocation.Grains.Ledger;

namespace Allocation.Grains.Stock;

[GenerateSerializer, Immutable, Alias("allocation.document-snapshot.v1")]
internal sealed record DocumentSnapshot(
    [property: Id(0)] string DocumentId,
    [property: Id(1)] LedgerEntryKind Kind,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string? Reason,
    [property: Id(4)] long AppliedAtUnixMilliseconds);
