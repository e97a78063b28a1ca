namespace Allocation.Grains.Fulfilment;

/// <summary>A started wave of a store: the request that started it and its orders.</summary>
[GenerateSerializer, Alias("allocation.store-wave-record.v1")]
internal sealed class StoreWaveRecord
{
    [Id(0)] public string WaveId { get; set; } = "";
    [Id(1)] public string RequestId { get; set; } = "";
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public List<string> OrderIds { get; set; } = [];
}
