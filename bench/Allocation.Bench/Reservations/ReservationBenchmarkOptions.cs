using System.Globalization;

namespace Allocation.Bench.Reservations;

/// <summary>Command-line options of <c>reservations</c>, validated.</summary>
internal sealed record ReservationBenchmarkOptions(
    int DurationSeconds,
    int WarmupSeconds,
    long? MeasuredOperations,
    int Concurrency,
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Scenarios,
    int Seed,
    int RedisPort)
{
    public const int DefaultDurationSeconds = 7;
    public const int DurationSecondsMax = 300;
    public const int DefaultWarmupSeconds = 2;
    public const int WarmupSecondsMax = 60;
    public const int DefaultConcurrency = 64;
    public const int ConcurrencyMax = 1_024;
    public const long MeasuredOperationsMax = 1_000_000_000;
    public const int DefaultSeed = 20_240_601;

    /// <summary>Count mode and sell-out have no time window of their own; they stop here at the latest.</summary>
    public const int ScenarioTimeLimitSeconds = 120;

    public const string Usage = """
        usage: reservations [options]
          --duration-seconds N   measured window per scenario (default 7, max 300)
          --warmup-seconds N     unmeasured warm-up before it (default 2, max 60)
          --operations N         measure N operations instead of a time window (still stops after 120 s)
          --concurrency N        concurrent callers (default 64, max 1024)
          --targets LIST         comma list of ours,sql,redis,memory (ours once OrleansTarget.cs exists; default: all available)
          --scenarios LIST       comma list of hot,uniform,zipf,confirm,expire,sellout (default: all)
          --seed N               seed of the callers' key picks (default 20240601)
          --redis-port N         loopback port for the benchmark's own redis-server (default 16379)
        """;

    /// <summary>Parses the arguments; returns null and an error message for bad input.</summary>
    public static (ReservationBenchmarkOptions? Options, string? Error) Parse(
        IReadOnlyList<string> arguments, IReadOnlyList<string> knownTargets, IReadOnlyList<string> knownScenarios)
    {
        var options = new ReservationBenchmarkOptions(
            DefaultDurationSeconds, DefaultWarmupSeconds, null, DefaultConcurrency, knownTargets, knownScenarios, DefaultSeed, RedisTarget.DefaultPort);
        for (var index = 0; index < arguments.Count; index += 2)
        {
            var name = arguments[index];
            if (index + 1 >= arguments.Count)
                return (null, $"{name} needs a value");
            var value = arguments[index + 1];
            var (next, error) = name switch
            {
                "--duration-seconds" => WithInteger(value, 1, DurationSecondsMax, number => options with { DurationSeconds = (int)number }),
                "--warmup-seconds" => WithInteger(value, 0, WarmupSecondsMax, number => options with { WarmupSeconds = (int)number }),
                "--operations" => WithInteger(value, 1, MeasuredOperationsMax, number => options with { MeasuredOperations = number }),
                "--concurrency" => WithInteger(value, 1, ConcurrencyMax, number => options with { Concurrency = (int)number }),
                "--seed" => WithInteger(value, 0, int.MaxValue, number => options with { Seed = (int)number }),
                "--redis-port" => WithInteger(value, 1_024, ushort.MaxValue, number => options with { RedisPort = (int)number }),
                "--targets" => WithList(value, knownTargets, list => options with { Targets = list }),
                "--scenarios" => WithList(value, knownScenarios, list => options with { Scenarios = list }),
                _ => (null, $"unknown option {name}"),
            };
            if (next is null)
                return (null, error);
            options = next;
        }

        return (options, null);
    }

    private static (ReservationBenchmarkOptions?, string?) WithInteger(
        string value, long minimum, long maximum, Func<long, ReservationBenchmarkOptions> apply)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < minimum || number > maximum)
            return (null, $"'{value}' is not a whole number from {minimum} to {maximum}");
        return (apply(number), null);
    }

    private static (ReservationBenchmarkOptions?, string?) WithList(
        string value, IReadOnlyList<string> known, Func<IReadOnlyList<string>, ReservationBenchmarkOptions> apply)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknown = names.Where(name => !known.Contains(name)).ToList();
        if (names.Count == 0 || unknown.Count > 0)
            return (null, $"'{value}': choose from {string.Join(',', known)}");
        // Keep the catalogue's order so tables from different runs line up.
        return (apply(known.Where(names.Contains).ToList()), null);
    }
}
