namespace Allocation.Grains.Fulfilment;

/// <summary>
/// A step whose stock changes have started, stored before the first of them: if the step is cut off before its record
/// is written, recovery runs it again from this (every stock change is idempotent, so the done ones are found done).
/// </summary>
[GenerateSerializer, Alias("allocation.order-pending-step.v1")]
internal sealed class OrderPendingStep
{
    [Id(0)] public OrderStepKind Kind { get; set; }
    [Id(1)] public string RequestId { get; set; } = "";
    [Id(2)] public string? StoreId { get; set; }
    [Id(3)] public string? Sku { get; set; }
    [Id(4)] public int Quantity { get; set; }
    [Id(5)] public string? Text { get; set; }

    /// <summary>A short pick's re-sourcing under way: undone by recovery before the step runs again.</summary>
    [Id(6)] public ReplacementPlan? Replacement { get; set; }
}
