namespace Allocation.Contracts.Orders;

/// <summary>
/// One line of an order: Quantity units of Sku from SourceStoreId. Picked and WrittenOff are set by the pick; a short
/// pick's missing units are re-sourced as new lines.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.order-line-view")]
public sealed record OrderLineView(
    [property: Id(0)] string Sku,
    [property: Id(1)] string SourceStoreId,
    [property: Id(2)] int Quantity,
    [property: Id(3)] int Picked,
    [property: Id(4)] int WrittenOff,
    [property: Id(5)] OrderLineState State,
    [property: Id(6)] DateTimeOffset? PickHour,
    [property: Id(7)] string? WaveId);
