using Allocation.Contracts.Orders;

namespace Allocation.Grains.Fulfilment;

/// <summary>One line of an order's record: its units at a source store, committed under HoldId there.</summary>
[GenerateSerializer, Alias("allocation.order-line-record.v1")]
internal sealed class OrderLineRecord
{
    [Id(0)] public string Sku { get; set; } = "";
    [Id(1)] public string SourceStoreId { get; set; } = "";
    [Id(2)] public string HoldId { get; set; } = "";
    [Id(3)] public int Quantity { get; set; }
    [Id(4)] public int Picked { get; set; }
    [Id(5)] public int WrittenOff { get; set; }
    [Id(6)] public OrderLineState State { get; set; } = OrderLineState.Committed;
    [Id(7)] public DateTimeOffset? PickHour { get; set; }
    [Id(8)] public string? WaveId { get; set; }

    /// <summary>Units this line still carries for the customer (nothing once written off, returned or collected).</summary>
    public bool IsActive => State is OrderLineState.Committed or OrderLineState.Picked or OrderLineState.InTransit or OrderLineState.AtPickupStore;

    public OrderLineView ToView() => new(Sku, SourceStoreId, Quantity, Picked, WrittenOff, State, PickHour, WaveId);
}
