using System.Globalization;

namespace Allocation.Soak;

/// <summary>The soak run's shape, from the command line (--name value).</summary>
internal sealed record SoakOptions
{
    /// <summary>Orders a wave takes at most (the service's Allocation:Fulfilment:WaveOrdersMax for the run).</summary>
    public const int WaveOrdersMax = 500;

    public int Weeks { get; init; } = 4;

    public int OrdersPerDay { get; init; } = 1_000;

    public int Stores { get; init; } = 10;

    /// <summary>Requests in flight at most, across every store and order of a phase.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Retention of ended orders, order events and ended waves, in days (the service's options, scaled to the run).</summary>
    public int OrderRetentionDays { get; init; } = 7;

    /// <summary>Share of orders left uncollected (no-shows, closed by the no-show sweep) and cancelled, in percent each.</summary>
    public int NoShowPercent { get; init; } = 5;

    public int CancelPercent { get; init; } = 5;

    public string? ReportPath { get; init; }

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        for (var index = 0; index + 1 < args.Count; index += 2)
        {
            var value = args[index + 1];
            int Number() => int.Parse(value, CultureInfo.InvariantCulture) is var number and > 0 ? number : throw new ArgumentException($"{args[index]} must be a positive number");
            options = args[index] switch
            {
                "--weeks" => options with { Weeks = Number() },
                "--orders-per-day" => options with { OrdersPerDay = Number() },
                "--stores" => options with { Stores = Number() },
                "--concurrency" => options with { Concurrency = Number() },
                "--order-retention-days" => options with { OrderRetentionDays = Number() },
                "--no-show-percent" => options with { NoShowPercent = int.Parse(value, CultureInfo.InvariantCulture) },
                "--cancel-percent" => options with { CancelPercent = int.Parse(value, CultureInfo.InvariantCulture) },
                "--report" => options with { ReportPath = value },
                _ => throw new ArgumentException($"unknown option {args[index]}"),
            };
        }

        return options;
    }
}
