namespace Allocation.Load.Profiles;

/// <summary>What a profile may ask for; beyond these a run is a typo, not a plan.</summary>
public static class ProfileLimits
{
    public const double DurationSecondsMax = 86_400;
    public const double PeakRatePerSecondMax = 1_000_000;
    public const int MaxInFlightMax = 100_000;
    public const int VirtualUsersMax = 10_000;
    public const int LinesMax = 100;
    public const int QuantityMax = 1_000;
    public const int HoldTtlSecondsMax = 86_400;
    public const double RequestTimeoutSecondsMax = 300;
    public const double RetryBudgetSecondsMax = 3_600;
    public const int SkuCountMax = 10_000;
    public const int StoreCountMax = 10_000;
    public const int TopUpQuantityMax = 100_000;
    public const int ScenarioCountMax = 32;
}
