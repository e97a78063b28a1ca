namespace Allocation.Planning.Model;

/// <summary>Picks already booked at a location in the hourly bucket starting at <see cref="BucketStart"/> (whole UTC hour) by orders outside the request.</summary>
public sealed record CapacityUsage(string LocationId, DateTimeOffset BucketStart, int Picks);
