namespace Allocation.Grains.Fulfilment;

/// <summary>
/// Where a short pick's re-sourcing is about to hold, commit and book units (hold id, stock lines, pick stores), stored
/// with the step's intent before the first of them: a re-sourcing cut off half-way is undone from it by recovery before
/// the step runs again, so units and pick hours are never committed twice.
/// </summary>
[GenerateSerializer, Alias("allocation.replacement-plan.v1")]
internal sealed class ReplacementPlan
{
    [Id(0)] public string HoldId { get; set; } = "";
    [Id(1)] public List<ReplacementStock> Lines { get; set; } = [];
    [Id(2)] public List<string> PickStoreIds { get; set; } = [];
}

/// <summary>One SKU-store a re-sourcing holds units at.</summary>
[GenerateSerializer, Alias("allocation.replacement-stock.v1")]
internal sealed class ReplacementStock
{
    [Id(0)] public string Sku { get; set; } = "";
    [Id(1)] public string StoreId { get; set; } = "";
}
