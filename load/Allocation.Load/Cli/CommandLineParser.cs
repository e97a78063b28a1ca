using System.Globalization;

namespace Allocation.Load.Cli;

/// <summary>Parses "peak-day [options]"; every bad value is reported with the option's name.</summary>
public static class CommandLineParser
{
    public const string PeakDayCommand = "peak-day";
    private const double ScaleMax = 1_000;
    private const int MaxInFlightMax = 100_000;
    private static readonly TimeSpan DurationMin = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DurationMax = TimeSpan.FromHours(24);

    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args.Any(arg => arg is "--help" or "-h" or "help"))
        {
            return new ParsedCommand(null, HelpRequested: true, args.Count == 0 ? "no command given" : null);
        }

        if (args[0] != PeakDayCommand)
        {
            return Fail($"unknown command '{args[0]}' (the command is {PeakDayCommand}; see --help)");
        }

        var options = new HarnessOptions();
        var thresholds = new List<string>();
        for (var index = 1; index < args.Count; index++)
        {
            var name = args[index];
            if (name is "--no-live" or "--abort-on-fail" or "--keep-database")
            {
                options = name switch
                {
                    "--no-live" => options with { LiveView = false },
                    "--abort-on-fail" => options with { AbortOnFail = true },
                    _ => options with { KeepDatabase = true },
                };
                continue;
            }

            if (index + 1 >= args.Count)
            {
                return Fail($"{name}: a value is required (see --help)");
            }

            var value = args[++index];
            var (updated, error) = Apply(options, name, value, thresholds);
            if (error is not null)
            {
                return Fail(error);
            }

            options = updated;
        }

        if (options.KillHostAt is not null && options.Url is not null)
        {
            return Fail("--kill-host-at: only for a host the harness starts itself (leave out --url)");
        }

        return new ParsedCommand(options with { Thresholds = thresholds }, false, null);
    }

    private static (HarnessOptions Options, string? Error) Apply(HarnessOptions options, string name, string value, List<string> thresholds)
    {
        switch (name)
        {
            case "--url":
                return Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                    ? (options with { Url = url }, null)
                    : (options, $"--url: '{value}' is not an http(s) URL");
            case "--api-key":
                return value.Length is > 0 and <= 256 && !value.Any(char.IsControl)
                    ? (options with { ApiKey = value }, null)
                    : (options, "--api-key: not an API key");
            case "--duration":
                return DurationParser.TryParse(value, out var duration) && duration >= DurationMin && duration <= DurationMax
                    ? (options with { Duration = duration }, null)
                    : (options, $"--duration: '{value}' is not a duration from 1s to 24h (e.g. 60s, 2m)");
            case "--kill-host-at":
                return DurationParser.TryParse(value, out var killAt) && killAt > TimeSpan.Zero
                    ? (options with { KillHostAt = killAt }, null)
                    : (options, $"--kill-host-at: '{value}' is not a positive duration (e.g. 20s)");
            case "--scale":
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0 && scale <= ScaleMax
                    ? (options with { Scale = scale }, null)
                    : (options, $"--scale: '{value}' is not a number above 0 and at most {ScaleMax}");
            case "--max-in-flight":
                return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var inFlight) && inFlight is > 0 and <= MaxInFlightMax
                    ? (options with { MaxInFlight = inFlight }, null)
                    : (options, $"--max-in-flight: '{value}' is not a whole number from 1 to {MaxInFlightMax}");
            case "--seed":
                return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                    ? (options with { Seed = seed }, null)
                    : (options, $"--seed: '{value}' is not a whole number");
            case "--threshold":
                thresholds.Add(value);
                return (options, null);
            case "--profile":
                return (options with { ProfilePath = value }, null);
            case "--report-dir":
                return (options with { ReportDirectory = value }, null);
            case "--postgres":
                return (options with { PostgresConnectionString = value }, null);
            default:
                return (options, $"unknown option '{name}' (see --help)");
        }
    }

    private static ParsedCommand Fail(string error) => new(null, false, error);
}
