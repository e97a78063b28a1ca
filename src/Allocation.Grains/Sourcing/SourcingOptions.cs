using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Sourcing;

public sealed class SourcingOptions
{
    public const string SectionName = "Allocation:Sourcing";

    /// <summary>How long concurrent reservations are gathered to be allocated together (0: only what is already queued).</summary>
    [Range(0, 1_000)]
    public int MicroBatchWindowMilliseconds { get; set; } = 2;

    [Range(1, 10_000)]
    public int MicroBatchOrdersMax { get; set; } = 64;

    /// <summary>The promise: ready for collection within this many minutes of payment.</summary>
    [Range(1, 10_080)]
    public int ReadinessWindowMinutes { get; set; } = 1_440;

    /// <summary>When a chosen store's stock went meanwhile (the index is advisory), allocate again at most this often.</summary>
    [Range(1, 10)]
    public int AttemptsMax { get; set; } = 3;
}
