namespace Allocation.Contracts.Reservations;

/// <summary>A basket line as checkout asks for it. Without a StoreId the allocation solver chooses the source store(s).</summary>
[GenerateSerializer, Immutable, Alias("allocation.requested-line")]
public sealed record RequestedLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] int Quantity,
    [property: Id(2)] string? StoreId = null);
