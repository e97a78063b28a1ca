namespace Allocation.Load.Scheduling;

/// <summary>Elapsed time since the run started, on a TimeProvider (a fake one in tests).</summary>
public sealed class RunClock(TimeProvider time)
{
    private readonly long startTimestamp = time.GetTimestamp();

    public TimeProvider Time => time;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    public TimeSpan Elapsed => time.GetElapsedTime(startTimestamp);
}
