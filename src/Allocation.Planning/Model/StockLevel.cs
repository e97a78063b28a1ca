namespace Allocation.Planning.Model;

/// <summary>Units of a SKU available for allocation at a location, already net of safety stock and of holds by orders outside the request.</summary>
public sealed record StockLevel(string Sku, string LocationId, int Units);
