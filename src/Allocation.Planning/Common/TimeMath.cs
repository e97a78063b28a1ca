namespace Allocation.Planning.Common;

/// <summary>Instants as whole minutes since the Unix epoch, which keeps the solver's time arithmetic in integers.</summary>
internal static class TimeMath
{
    public const int MinutesPerHour = 60;
    public const int MinutesPerDay = 1440;
    public const int MinutesPerWeek = 7 * MinutesPerDay;

    // 1970-01-01 was a Thursday; DayOfWeek counts from Sunday.
    private const int EpochDayOfWeek = (int)DayOfWeek.Thursday;

    public static long ToMinutes(DateTimeOffset instant) => (long)Math.Floor(instant.ToUnixTimeMilliseconds() / 60_000.0);

    public static long ToMinutesCeiling(DateTimeOffset instant) => (long)Math.Ceiling(instant.ToUnixTimeMilliseconds() / 60_000.0);

    public static DateTimeOffset FromMinutes(long minutes) => DateTimeOffset.FromUnixTimeSeconds(minutes * 60);

    public static int MinuteOfWeek(long localMinutes) =>
        (int)(((localMinutes + ((long)EpochDayOfWeek * MinutesPerDay)) % MinutesPerWeek + MinutesPerWeek) % MinutesPerWeek);

    public static int MinuteOfDay(long localMinutes) => (int)((localMinutes % MinutesPerDay + MinutesPerDay) % MinutesPerDay);
}
