namespace Allocation.Contracts.Orders;

[GenerateSerializer, Immutable, Alias("allocation.transfer-line")]
public sealed record TransferLine(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string FromStoreId,
    [property: Id(4)] string ToStoreId,
    [property: Id(5)] OrderLineState State,
    [property: Id(6)] DateTimeOffset? ReadyBy);
