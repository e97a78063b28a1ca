using Allocation.Contracts.Catalogue;

namespace Allocation.Grains.Catalogue;

[GenerateSerializer, Alias("allocation.catalogue-state.v1")]
internal sealed class CatalogueState
{
    [Id(0)] public Dictionary<string, StoreEntry> Stores { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, SkuEntry> Skus { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public List<string> Seeds { get; set; } = [];
}
