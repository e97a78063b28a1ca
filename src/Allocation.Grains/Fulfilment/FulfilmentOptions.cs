using System.ComponentModel.DataAnnotations;

namespace Allocation.Grains.Fulfilment;

/// <summary>The tenant's store-operation rules (one tenant per deployment until tenants carry their own settings).</summary>
public sealed class FulfilmentOptions
{
    public const string SectionName = "Allocation:Fulfilment";

    /// <summary>A wave takes at most this many orders.</summary>
    [Range(1, 500)]
    public int WaveOrdersMax { get; set; } = 10;

    /// <summary>A ready order is closed as a no-show this many days after it became ready.</summary>
    [Range(1, 60)]
    public int CollectByDaysDefault { get; set; } = 7;

    /// <summary>What a short pick does when no source can make the readiness window.</summary>
    public ShortPickPolicy ShortPickPolicy { get; set; } = ShortPickPolicy.Late;

    /// <summary>How often the no-show sweep looks for ready orders past their collect-by date.</summary>
    [Range(1, 86_400)]
    public int ExpirySweepIntervalSeconds { get; set; } = 300;

    /// <summary>How long a short pick's replacement units are held at their new store before they are confirmed.</summary>
    [Range(5, 3_600)]
    public int ReplacementHoldSeconds { get; set; } = 60;
}
