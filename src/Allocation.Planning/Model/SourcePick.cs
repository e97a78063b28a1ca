namespace Allocation.Planning.Model;

/// <summary>
/// Units of a line picked at one location. <see cref="PickBucketStart"/> is the start of the hourly capacity bucket the
/// pick uses; <see cref="ReadyAt"/> is when these units are ready for hand-over at the pickup store.
/// </summary>
public sealed record SourcePick(string LocationId, int Quantity, DateTimeOffset PickBucketStart, DateTimeOffset ReadyAt);
