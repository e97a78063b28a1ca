namespace Allocation.Load.Profiles;

/// <summary>
/// One scenario of the mix. Open: Share of the profile's peak rate, shaped by RateCurve (or the profile's curve).
/// Closed: VirtualUsers each pausing ThinkTimeSeconds between iterations. The other fields belong to some kinds only;
/// the validator says which.
/// </summary>
public sealed record ScenarioProfile
{
    public string? Name { get; init; }

    public ScenarioKind? Kind { get; init; }

    public LoadModel Model { get; init; } = LoadModel.Open;

    public double Share { get; init; }

    public IReadOnlyList<RatePoint>? RateCurve { get; init; }

    public int VirtualUsers { get; init; }

    public SecondsRange? ThinkTimeSeconds { get; init; }

    public int LinesMin { get; init; } = 1;

    public int LinesMax { get; init; } = 1;

    public int QuantityMax { get; init; } = 1;

    public double ConfirmShare { get; init; } = 1.0;

    public double CancelAfterPayShare { get; init; }

    public SecondsRange? ConfirmDelaySeconds { get; init; }

    public SecondsRange? CancelDelaySeconds { get; init; }

    public FlashAllocation Allocation { get; init; } = FlashAllocation.Solver;

    public double ReceiptShare { get; init; }

    public int ReceiptQuantity { get; init; } = 1;

    /// <summary>Store staff: the share of pick lines where the picker finds fewer units than the line asks.</summary>
    public double ShortPickShare { get; init; }

    /// <summary>Store staff: the share of pick lines whose shelf disagrees with the book (a till sells at the SKU-store just before the pick).</summary>
    public double ShelfDisagreesShare { get; init; }

    /// <summary>Store staff: the share of ready orders whose customer never comes (cancelled by the store as a no-show after CollectWithinSeconds).</summary>
    public double NoShowShare { get; init; }

    /// <summary>Store staff: the share of ready orders the customer cancels instead of collecting.</summary>
    public double CustomerCancelShare { get; init; }

    /// <summary>Store staff: how long after the order is ready its customer comes (run seconds: the compressed clock).</summary>
    public SecondsRange? CollectDelaySeconds { get; init; }

    /// <summary>Store staff: the compressed collect-by: a ready order not collected this many run seconds after ready is a no-show.</summary>
    public double CollectWithinSeconds { get; init; }
}
