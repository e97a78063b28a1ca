using Allocation.Contracts.Stock;

namespace Allocation.Api.Stock;

public sealed record StockResponse(
    string Sku,
    string StoreId,
    int OnHand,
    int Held,
    int Committed,
    int SafetyStock,
    int Available,
    int Shortfall,
    long LedgerSequence)
{
    public static StockResponse From(string sku, string storeId, StockCounts counts, long ledgerSequence) => new(
        sku, storeId, counts.OnHand, counts.Held, counts.Committed, counts.SafetyStock, counts.Available, counts.Shortfall, ledgerSequence);
}
