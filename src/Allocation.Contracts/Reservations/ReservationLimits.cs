namespace Allocation.Contracts.Reservations;

/// <summary>What one reservation may ask for; the API refuses anything beyond as bad input.</summary>
public static class ReservationLimits
{
    public const int HoldTtlSecondsMin = 1;

    /// <summary>A checkout hold never outlives a day; longer promises are confirmed orders, not holds.</summary>
    public const int HoldTtlSecondsMax = 86_400;

    public const int LinesMax = 100;

    public const int QuantityPerLineMax = 1_000_000;
}
