namespace Allocation.Contracts.Orders;

/// <summary>Lines picked at a store for pickup elsewhere (to dispatch) and lines on the way to it (to receive).</summary>
[GenerateSerializer, Immutable, Alias("allocation.transfer-list")]
public sealed record TransferList(
    [property: Id(0)] string StoreId,
    [property: Id(1)] IReadOnlyList<TransferLine> Outbound,
    [property: Id(2)] IReadOnlyList<TransferLine> Inbound);
