using System.Globalization;

namespace Allocation.Load.Cli;

/// <summary>"60s", "2m", "1500ms", "1h" or plain seconds ("90").</summary>
public static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var (number, unitSeconds) = text.Trim().ToLowerInvariant() switch
        {
            var value when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 0.001),
            var value when value.EndsWith('s') => (value[..^1], 1.0),
            var value when value.EndsWith('m') => (value[..^1], 60.0),
            var value when value.EndsWith('h') => (value[..^1], 3600.0),
            var value => (value, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0 || double.IsInfinity(amount))
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(amount * unitSeconds);
        return true;
    }
}
