namespace Allocation.Planning.Model;

/// <summary>One order line: units of a SKU.</summary>
public sealed record OrderLine(string Sku, int Quantity);
