using System.Globalization;

namespace Allocation.Planning.Network;

/// <summary>Text forms shared by the JSON and CSV files: times of day, departure lists and opening hours like <c>Mon-Fri 10:00-22:00;Sat-Sun 09:00-23:00</c>.</summary>
internal static class NetworkText
{
    private static readonly DayOfWeek[] WeekFromMonday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public static string FormatTime(TimeOnly time, bool midnightIsEndOfDay) =>
        midnightIsEndOfDay && time == TimeOnly.MinValue ? "24:00" : time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string text, bool allowEndOfDay, out TimeOnly time)
    {
        if (allowEndOfDay && text.Trim() == "24:00")
        {
            time = TimeOnly.MinValue;
            return true;
        }

        return TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    public static string FormatDepartures(IReadOnlyList<TimeOnly> departures) =>
        string.Join(' ', departures.Select(departure => FormatTime(departure, midnightIsEndOfDay: false)));

    public static IReadOnlyList<TimeOnly>? ParseDepartures(string? text, out string? error)
    {
        error = null;
        var departures = new List<TimeOnly>();
        foreach (var part in (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseTime(part, allowEndOfDay: false, out var departure))
            {
                error = $"'{part}' is not a time of day HH:mm";
                return null;
            }

            departures.Add(departure);
        }

        return departures;
    }

    public static string FormatOpeningHours(IReadOnlyList<OpeningPeriod> periods)
    {
        var entries = new List<string>();
        var dayIndex = 0;
        while (dayIndex < WeekFromMonday.Length)
        {
            var key = DayKey(periods, WeekFromMonday[dayIndex]);
            var lastIndex = dayIndex;
            while (lastIndex + 1 < WeekFromMonday.Length && DayKey(periods, WeekFromMonday[lastIndex + 1]) == key)
            {
                lastIndex++;
            }

            var days = lastIndex == dayIndex
                ? DayNames[(int)WeekFromMonday[dayIndex]]
                : $"{DayNames[(int)WeekFromMonday[dayIndex]]}-{DayNames[(int)WeekFromMonday[lastIndex]]}";
            entries.AddRange(key.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(times => $"{days} {times}"));
            dayIndex = lastIndex + 1;
        }

        return string.Join(';', entries);
    }

    public static IReadOnlyList<OpeningPeriod>? ParseOpeningHours(string? text, out string? error)
    {
        error = null;
        if (text?.Length > NetworkLimits.OpeningHoursTextLengthMax)
        {
            error = $"at most {NetworkLimits.OpeningHoursTextLengthMax} characters";
            return null;
        }

        var periods = new List<OpeningPeriod>();
        foreach (var entry in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var days = parts.Length == 2 ? ParseDays(parts[0]) : null;
            var times = parts.Length == 2 ? parts[1].Split('-') : [];
            if (days is null || times.Length != 2
                || !TryParseTime(times[0], allowEndOfDay: false, out var opens)
                || !TryParseTime(times[1], allowEndOfDay: true, out var closes))
            {
                error = $"'{entry}' is not like 'Mon-Fri 10:00-22:00'";
                return null;
            }

            periods.AddRange(days.Select(day => new OpeningPeriod(day, opens, closes)));
            if (periods.Count > NetworkLimits.OpeningPeriodsPerLocationMax)
            {
                error = $"at most {NetworkLimits.OpeningPeriodsPerLocationMax} opening periods a week";
                return null;
            }
        }

        return periods;
    }

    private static string DayKey(IReadOnlyList<OpeningPeriod> periods, DayOfWeek day) =>
        string.Join(',', periods
            .Where(period => period.Day == day)
            .OrderBy(period => period.OpensMinute)
            .Select(period => $"{FormatTime(period.Opens, false)}-{FormatTime(period.Closes, true)}"));

    private static List<DayOfWeek>? ParseDays(string text)
    {
        var bounds = text.Split('-');
        if (bounds.Length is < 1 or > 2)
        {
            return null;
        }

        var first = Array.FindIndex(WeekFromMonday, day => DayNames[(int)day].Equals(bounds[0], StringComparison.OrdinalIgnoreCase));
        var last = bounds.Length == 1 ? first
            : Array.FindIndex(WeekFromMonday, day => DayNames[(int)day].Equals(bounds[1], StringComparison.OrdinalIgnoreCase));
        if (first < 0 || last < 0)
        {
            return null;
        }

        var days = new List<DayOfWeek>();
        for (var index = first; ; index = (index + 1) % WeekFromMonday.Length)
        {
            days.Add(WeekFromMonday[index]);
            if (index == last)
            {
                return days;
            }
        }
    }
}
