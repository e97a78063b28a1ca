namespace Allocation.Load.Profiles;

/// <summary>Receipts posted before the load, at every store of the pool: QuantityPerStore units (times --scale, at least 1).</summary>
public sealed record StockTopUp(TopUpSkus Skus, int QuantityPerStore);
