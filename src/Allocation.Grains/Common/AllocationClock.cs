namespace Allocation.Grains.Common;

/// <summary>
/// The clock of the business rules (hold deadlines, expiry, recovery age). Separate from the silo's TimeProvider so
/// tests can drive deadlines with a fake clock without freezing Orleans' own timers.
/// </summary>
public sealed class AllocationClock(TimeProvider time)
{
    public static readonly AllocationClock System = new(TimeProvider.System);

    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
