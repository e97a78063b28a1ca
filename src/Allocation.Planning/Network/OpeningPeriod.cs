using Allocation.Planning.Common;

namespace Allocation.Planning.Network;

/// <summary>
/// One opening period on a weekday in the location's local time. <see cref="Closes"/> equal to 00:00 means midnight
/// at the end of the day (open until 24:00); otherwise it must be later than <see cref="Opens"/>.
/// </summary>
public sealed record OpeningPeriod(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)
{
    internal int OpensMinute => (Opens.Hour * 60) + Opens.Minute;

    internal int ClosesMinute => Closes == TimeOnly.MinValue ? TimeMath.MinutesPerDay : (Closes.Hour * 60) + Closes.Minute;
}
