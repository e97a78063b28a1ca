namespace Allocation.Contracts.Reservations;

/// <summary>Units of one SKU from one source store.</summary>
[GenerateSerializer, Immutable, Alias("allocation.reservation-line")]
public sealed record ReservationLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string StoreId,
    [property: Id(2)] int Quantity);
