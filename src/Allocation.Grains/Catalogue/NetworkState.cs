namespace Allocation.Grains.Catalogue;

[GenerateSerializer, Alias("allocation.network-state.v1")]
internal sealed class NetworkState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public string? Json { get; set; }
}
