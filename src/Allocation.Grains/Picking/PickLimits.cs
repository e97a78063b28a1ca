namespace Allocation.Grains.Picking;

/// <summary>Hard limits of one store's pick schedule; requests beyond them are refused as bad input.</summary>
internal static class PickLimits
{
    /// <summary>Far above any real store (a distribution centre picks a few hundred orders an hour).</summary>
    public const int PicksPerHourMax = 100_000;

    /// <summary>How far ahead a pick may be booked: the longest readiness window plus a day of diagnosis.</summary>
    public const int BookingHorizonHoursMax = (10_080 / 60) + 24;
}
