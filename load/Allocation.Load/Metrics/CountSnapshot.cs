namespace Allocation.Load.Metrics;

internal readonly record struct CountSnapshot(long Ok, long Rejected, long Failed, long Dropped);
