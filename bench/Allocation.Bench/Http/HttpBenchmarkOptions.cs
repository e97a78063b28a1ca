using System.Globalization;

namespace Allocation.Bench.Http;

/// <summary>Command-line options of <c>http</c>, validated. Every limit is a named constant with its unit.</summary>
internal sealed record HttpBenchmarkOptions(
    int DurationSeconds,
    int WarmupSeconds,
    int WarmupPassSeconds,
    int OpenModelSeconds,
    int Connections,
    IReadOnlyList<string> Paths,
    bool OpenModel,
    int HoldSampleMax,
    int Seed,
    int RedisPort,
    bool SkipBuild)
{
    public const int DefaultDurationSeconds = 10;
    public const int DefaultWarmupSeconds = 2;

    /// <summary>
    /// Before a target's first row, every chosen path runs this long unmeasured. A freshly started host answered named
    /// reservations at 3,300/s (wrk, in-memory) over its first 10 s and at 6,200/s over the next 8 s (JIT tiering,
    /// grain activations); with 5 s per path the host still JIT-compiled 150-250 methods a second during the measured
    /// rows on a loaded machine (session 8), so the rows measured its warm-up. The table counts what the host compiles
    /// in each measured window, so a pass still too short shows.
    /// </summary>
    public const int DefaultWarmupPassSeconds = 20;

    public const int QuickWarmupPassSeconds = 1;
    public const int DefaultOpenModelSeconds = 10;
    public const int QuickDurationSeconds = 3;
    public const int QuickWarmupSeconds = 1;
    public const int QuickOpenModelSeconds = 3;
    public const int DurationSecondsMax = 300;
    public const int WarmupSecondsMax = 60;
    public const int DefaultConnections = 64;
    public const int ConnectionsMax = 1_024;

    /// <summary>Acknowledged reservations read back per row; a uniform sample beyond it keeps verification under a minute.</summary>
    public const int DefaultHoldSampleMax = 20_000;

    public const int HoldSampleMaxLimit = 10_000_000;
    public const int DefaultSeed = 20_261_201;
    public const int DefaultRedisPort = 16_380;

    public const string Usage = """
        usage: http [options]
          --duration-seconds N     measured window per row, closed loop (default 10, max 300)
          --warmup-seconds N       unmeasured warm-up before it (default 2, max 60)
          --warmup-pass-seconds N  before a target's first row, each chosen path unmeasured for N s (default 20, max 60)
          --open-seconds N         window per row of the open-model run at half the row's maximum (default 10)
          --connections N          HTTP connections of the load generator (default 64, max 1024)
          --paths LIST             comma list of named,hot,solver,basket,confirm,stock,memory,anchor (default: all)
          --no-open-model          skip the open-model run
          --hold-sample N          acknowledged reservations read back per row (default 20000)
          --seed N                 seed of the generator's picks (default 20261201)
          --redis-port N           loopback port of the anchor's own redis-server (default 16380)
          --no-build               run the host as last built (src/Allocation.Host/bin/Release) instead of building it first
          --quick                  smoke run: 1 s warm-up pass per path, 1 s warm-up, 3 s per row, 3 s open model
        """;

    public static HttpBenchmarkOptions Default(IReadOnlyList<string> knownPaths) => new(
        DefaultDurationSeconds, DefaultWarmupSeconds, DefaultWarmupPassSeconds, DefaultOpenModelSeconds, DefaultConnections, knownPaths,
        OpenModel: true, DefaultHoldSampleMax, DefaultSeed, DefaultRedisPort, SkipBuild: false);

    /// <summary>Parses the arguments; returns null and an error message for bad input.</summary>
    public static (HttpBenchmarkOptions? Options, string? Error) Parse(IReadOnlyList<string> arguments, IReadOnlyList<string> knownPaths)
    {
        var options = Default(knownPaths);
        for (var index = 0; index < arguments.Count; index++)
        {
            var name = arguments[index];
            if (name == "--quick")
            {
                options = options with
                {
                    DurationSeconds = QuickDurationSeconds,
                    WarmupSeconds = QuickWarmupSeconds,
                    WarmupPassSeconds = QuickWarmupPassSeconds,
                    OpenModelSeconds = QuickOpenModelSeconds,
                };
                continue;
            }

            if (name is "--no-open-model" or "--no-build")
            {
                options = name == "--no-build" ? options with { SkipBuild = true } : options with { OpenModel = false };
                continue;
            }

            if (++index >= arguments.Count)
                return (null, $"{name} needs a value");
            var (next, error) = WithValue(options, name, arguments[index], knownPaths);
            if (next is null)
                return (null, error);
            options = next;
        }

        return (options, null);
    }

    private static (HttpBenchmarkOptions?, string?) WithValue(HttpBenchmarkOptions options, string name, string value, IReadOnlyList<string> knownPaths) => name switch
    {
        "--duration-seconds" => WithInteger(value, 1, DurationSecondsMax, number => options with { DurationSeconds = number }),
        "--warmup-seconds" => WithInteger(value, 0, WarmupSecondsMax, number => options with { WarmupSeconds = number }),
        "--warmup-pass-seconds" => WithInteger(value, 0, WarmupSecondsMax, number => options with { WarmupPassSeconds = number }),
        "--open-seconds" => WithInteger(value, 1, DurationSecondsMax, number => options with { OpenModelSeconds = number }),
        "--connections" => WithInteger(value, 1, ConnectionsMax, number => options with { Connections = number }),
        "--hold-sample" => WithInteger(value, 0, HoldSampleMaxLimit, number => options with { HoldSampleMax = number }),
        "--seed" => WithInteger(value, 0, int.MaxValue, number => options with { Seed = number }),
        "--redis-port" => WithInteger(value, 1_024, ushort.MaxValue, number => options with { RedisPort = number }),
        "--paths" => WithList(value, knownPaths, list => options with { Paths = list }),
        _ => (null, $"unknown option {name}"),
    };

    private static (HttpBenchmarkOptions?, string?) WithInteger(string value, int minimum, int maximum, Func<int, HttpBenchmarkOptions> apply)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < minimum || number > maximum)
            return (null, $"'{value}' is not a whole number from {minimum} to {maximum}");
        return (apply(number), null);
    }

    private static (HttpBenchmarkOptions?, string?) WithList(string value, IReadOnlyList<string> known, Func<IReadOnlyList<string>, HttpBenchmarkOptions> apply)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var unknown = names.Where(name => !known.Contains(name)).ToList();
        if (names.Count == 0 || unknown.Count > 0)
            return (null, $"'{value}': choose from {string.Join(',', known)}");
        // Keep the catalogue's order so tables from different runs line up.
        return (apply(known.Where(names.Contains).ToList()), null);
    }
}
