namespace Allocation.Load.Service;

/// <summary>A SKU-store's counts; InTransit are units on a transfer to it for an order (not on hand).</summary>
public sealed record StockReply(string Sku, string StoreId, int OnHand, int Held, int Committed, int SafetyStock, int Available, int Shortfall, int InTransit = 0);
