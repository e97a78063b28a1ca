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
        if (compiled is null || !compiled.IndexById.TryGetValue(locationId, out var location) || hourStart.ToUnixTimeMilliseconds() % 3_600_000 != 0)
        {
            return null;
        }

        var hour = hourStart.ToUnixTimeSeconds() / 3600;
        var openMinutes = BitOperations.PopCount(compiled.OpenMask(location, hour));
        return compiled.Locations[location].PickCapacityPerHour * openMinutes / TimeMath.MinutesPerHour;
    }
}
