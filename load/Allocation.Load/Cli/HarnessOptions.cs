namespace Allocation.Load.Cli;

/// <summary>The peak-day command's options, parsed and validated.</summary>
public sealed record HarnessOptions
{
    public Uri? Url { get; init; }

    /// <summary>An admin key of the service at <see cref="Url"/> (else ALLOCATION_API_KEY); a started host gets its own.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Null: the profile's own duration.</summary>
    public TimeSpan? Duration { get; init; }

    public double Scale { get; init; } = 1.0;

    public string? ProfilePath { get; init; }

    public string? ReportDirectory { get; init; }

    public IReadOnlyList<string> Thresholds { get; init; } = [];

    /// <summary>Every threshold (the command line's and the profile's) stops the run as soon as it fails.</summary>
    public bool AbortOnFail { get; init; }

    public TimeSpan? KillHostAt { get; init; }

    public string? PostgresConnectionString { get; init; }

    public int? MaxInFlight { get; init; }

    public int Seed { get; init; } = 20261111;

    public bool LiveView { get; init; } = true;

    public bool KeepDatabase { get; init; }
}
