namespace Allocation.Contracts.Stock;

/// <summary>What a stock grain reports about itself: counts, ledger position and how many holds are open.</summary>
[GenerateSerializer, Immutable, Alias("allocation.stock-view")]
public sealed record StockView(
    [property: Id(0)] StockKey Key,
    [property: Id(1)] StockCounts Counts,
    [property: Id(2)] long LedgerSequence,
    [property: Id(3)] int OpenHolds);
