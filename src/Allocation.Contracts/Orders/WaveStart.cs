namespace Allocation.Contracts.Orders;

/// <summary>The answer to starting a wave: the wave, or that the request id was used for another store's wave.</summary>
[GenerateSerializer, Immutable, Alias("allocation.wave-start")]
public sealed record WaveStart(
    [property: Id(0)] bool Started,
    [property: Id(1)] bool Repeated,
    [property: Id(2)] PickWave Wave);
