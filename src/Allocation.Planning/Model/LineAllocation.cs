namespace Allocation.Planning.Model;

/// <summary>Where one order line's units come from.</summary>
public sealed record LineAllocation(string Sku, int Quantity, IReadOnlyList<SourcePick> Sources);
