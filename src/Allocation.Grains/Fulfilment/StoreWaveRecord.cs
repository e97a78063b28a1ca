namespace Allocation.Grains.Fulfilment;

/// <summary>
/// A started wave of a store: the request that started it, its orders, and when it ended (none of its lines left to
/// pick here). An ended wave is deleted <see cref="RetentionOptions.WaveRetentionDays"/> after it ended.
/// </summary>
[GenerateSerializer, Alias("allocation.store-wave-record.v1")]
internal sealed class StoreWaveRecord
{
    /// <summary>Stored status of a wave with lines still to pick.</summary>
    public const string OpenStatus = "open";

    /// <summary>Stored status of an ended wave: the retention sweep deletes it after its window.</summary>
    public const string EndedStatus = "ended";

    [Id(0)] public string WaveId { get; set; } = "";
    [Id(1)] public string RequestId { get; set; } = "";
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public List<string> OrderIds { get; set; } = [];

    /// <summary>The wave's number at its store (1, 2, ...; never reused, also after older waves were deleted).</summary>
    [Id(4)] public int Number { get; set; }

    [Id(5)] public DateTimeOffset? EndedAt { get; set; }

    public string Status => EndedAt is null ? OpenStatus : EndedStatus;
}
