namespace Allocation.Load.Service;

public sealed record StockReply(string Sku, string StoreId, int OnHand, int Held, int Committed, int SafetyStock, int Available, int Shortfall);
