namespace Allocation.TestKit;

/// <summary>
/// How to start the host: its assembly, its settings (passed as --key=value, over the kit's defaults), when it counts
/// as ready, how long it may take, and where its output goes.
/// </summary>
public sealed record HostLaunch(string HostAssembly, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The banner: the host listens and seeding is done.</summary>
    public const string ServingLine = "Allocation is listening on";

    /// <summary>Orleans' line once the silo runs, just before the demo seeding starts (logged at Information).</summary>
    public const string SiloStartedLine = "Orleans Silo started.";

    /// <summary>The line of the host's output that means ready (by default: it serves).</summary>
    public string ReadyLine { get; init; } = ServingLine;

    /// <summary>
    /// A cold durable start seeds 400 stores x the demo SKUs through durable receipts: about 20 s for 20 SKUs on the
    /// 2-core machine, so 180 s means it is stuck.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>
    /// An idle host stops in under 1 s, one under reservation load in about 5 s (measured on the 2-core machine). 15 s
    /// leaves room for a busy machine, yet fails a host that never hears the signal or hangs until its own 30 s
    /// shutdown timeout gives up on a graceful stop.
    /// </summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Starts the host the way a shell without job control starts a background job: SIGINT ignored.</summary>
    public bool SigintIgnored { get; init; }

    /// <summary>
    /// Runs the host in a session of its own: a Ctrl-C in the terminal then signals only the caller (the load harness),
    /// which finishes its run, checks included, against a host that is still up.
    /// </summary>
    public bool OwnSession { get; init; }

    /// <summary>A file every output line is appended to as well (the harness's host log beside its reports).</summary>
    public string? LogPath { get; init; }

    /// <summary>Lines of output kept in memory (the oldest go first); a failed start shows the last of them.</summary>
    public int OutputLinesKept { get; init; } = 100_000;

    /// <summary>
    /// Server garbage collection or not; by default workstation, as the host shares 2 cores with its caller. Null leaves
    /// the host's own setting (server GC, what a deployment runs and what the benchmarks measure).
    /// </summary>
    public bool? ServerGc { get; init; } = false;
}
