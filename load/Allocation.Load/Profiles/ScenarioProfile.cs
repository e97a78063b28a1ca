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

    public IReadOnlyList<string>? RequiredRoutes { get; init; }
}
