namespace Allocation.Planning.Network;

/// <summary>
/// Bounds on a network file, checked before the part they bound is read in full, so a hostile file costs the service
/// time and memory in proportion to these, not to its own size.
/// </summary>
public static class NetworkLimits
{
    public const int LocationsMax = 20_000;

    /// <summary>Every pair of 700 locations, both ways; a real network derives most lanes instead.</summary>
    public const int LanesMax = 500_000;

    /// <summary>Four periods a day, every day (split shifts, late openings); more is not an opening pattern.</summary>
    public const int OpeningPeriodsPerLocationMax = 28;

    /// <summary>The text form of one location's opening hours ("Mon-Fri 10:00-22:00;Sat 09:00-23:00"), read only below this.</summary>
    public const int OpeningHoursTextLengthMax = 1_024;

    /// <summary>Errors one file reports at most; the first ones name the fields to fix, the count says how many more.</summary>
    public const int ErrorsMax = 100;
}
