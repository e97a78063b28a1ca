using Allocation.Planning.Common;
using Allocation.Planning.Network;
using Allocation.Planning.Solver;
using System.Numerics;

namespace Allocation.Planning;

/// <summary>
/// A location's pick capacity per hourly bucket, by the same rule the planner uses: picks per hour times the open
/// minutes of that UTC hour, rounded down. Whoever books picks (the service's pick schedules) enforces this limit.
/// </summary>
public static class PickCapacity
{
    /// <summary>
    /// Picks the location can make in the UTC hour starting at <paramref name="hourStart"/>; null when the network is
    /// invalid, the location unknown or <paramref name="hourStart"/> is not a whole UTC hour.
    /// </summary>
    public static int? PicksInHour(StoreNetwork network, string locationId, DateTimeOffset hourStart)
    {
        ArgumentNullException.ThrowIfNull(network);
        var compiled = CompiledNetwork.TryGet(network, out _);
        if (compiled is null || !compiled.IndexById.TryGetValue(locationId, out var location) || !IsWholeHour(hourStart))
        {
            return null;
        }

        var hour = hourStart.ToUnixTimeSeconds() / 3600;
        var openMinutes = BitOperations.PopCount(compiled.OpenMask(location, hour));
        return compiled.Locations[location].PickCapacityPerHour * openMinutes / TimeMath.MinutesPerHour;
    }

    /// <summary>Pick buckets are whole UTC hours.</summary>
    public static bool IsWholeHour(DateTimeOffset instant) => instant.UtcTicks % TimeSpan.TicksPerHour == 0;

    /// <summary>The start of the pick bucket (whole UTC hour) that contains <paramref name="instant"/>.</summary>
    public static DateTimeOffset HourStartOf(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
}
