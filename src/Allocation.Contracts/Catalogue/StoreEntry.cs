namespace Allocation.Contracts.Catalogue;

[GenerateSerializer, Immutable, Alias("allocation.store-entry")]
public sealed record StoreEntry(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string Name,
    [property: Id(2)] string City,
    [property: Id(3)] bool ClickAndCollect);
