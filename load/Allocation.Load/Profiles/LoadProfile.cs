namespace Allocation.Load.Profiles;

/// <summary>
/// A peak day: the mix of scenarios and their rates. Curve times are nominal seconds of DurationSeconds and stretch to
/// the run's --duration; rates are PeakRatePerSecond times --scale.
/// </summary>
public sealed record LoadProfile
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public double DurationSeconds { get; init; }

    public double PeakRatePerSecond { get; init; }

    public IReadOnlyList<RatePoint>? RateCurve { get; init; }

    public int MaxInFlight { get; init; } = 256;

    public double RequestTimeoutSeconds { get; init; } = 10;

    public double RetryBudgetSeconds { get; init; } = 30;

    public int HoldTtlSeconds { get; init; } = 10;

    /// <summary>Thresholds that abort are not judged before this many seconds of the run: rates and tails need time.</summary>
    public double AbortGraceSeconds { get; init; } = 5;

    public CatalogueProfile Catalogue { get; init; } = new();

    public HostProfile Host { get; init; } = new();

    public IReadOnlyList<StockTopUp> TopUps { get; init; } = [];

    public IReadOnlyList<ScenarioProfile>? Scenarios { get; init; }

    public IReadOnlyList<ThresholdProfile> Thresholds { get; init; } = [];
}
