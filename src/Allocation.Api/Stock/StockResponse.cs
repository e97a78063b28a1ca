using Allocation.Contracts.Stock;

namespace Allocation.Api.Stock;

/// <summary>A SKU-store's counts; inTransit are units on a transfer to it for an order (not on hand, not sellable).</summary>
public sealed record StockResponse(
    string Sku,
    string StoreId,
    int OnHand,
    int Held,
    int Committed,
    int SafetyStock,
    int Available,
    int Shortfall,
    long LedgerSequence,
    int InTransit)
{
    public static StockResponse From(string sku, string storeId, StockCounts counts, long ledgerSequence) => new(
        sku, storeId, counts.OnHand, counts.Held, counts.Committed, counts.SafetyStock, counts.Available, counts.Shortfall, ledgerSequence, counts.InTransit);
}
