using Allocation.Planning.Common;
using Allocation.Planning.Network;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Allocation.Planning.Solver;

/// <summary>
/// A validated network in the form the solvers need: indexes, weekly opening bitmaps, lanes per pickup store sorted by cost,
/// and a cache of per-hour opening masks. Built once per <see cref="StoreNetwork"/> instance and shared by all calls.
/// </summary>
internal sealed class CompiledNetwork
{
    // Hour rows are cheap to rebuild; bound the cache so a long-running service does not grow it forever.
    private const int CachedHoursMax = 24 * 60;

    private static readonly ConditionalWeakTable<StoreNetwork, CompiledNetwork> Compiled = [];

    private readonly ulong[][] weeklyOpenBits;
    private readonly TimeZoneInfo[] zones;
    private readonly Lazy<PickupRow>[] pickupRows;
    private readonly Dictionary<(int From, int To), Lane> explicitLanes;
    private readonly ConcurrentDictionary<long, HourRow> hours = new();

    private CompiledNetwork(StoreNetwork network)
    {
        Locations = [.. network.Locations];
        IndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < Locations.Length; index++)
        {
            IndexById[Locations[index].Id] = index;
        }

        zones = Locations.Select(location => TimeZoneInfo.FindSystemTimeZoneById(location.TimeZoneId)).ToArray();
        weeklyOpenBits = Locations.Select(location => WeeklyBits(location.OpeningHours)).ToArray();
        explicitLanes = network.Lanes.ToDictionary(lane => (IndexById[lane.FromId], IndexById[lane.ToId]));
        pickupRows = Enumerable.Range(0, Locations.Length).Select(pickup => new Lazy<PickupRow>(() => BuildPickupRow(pickup))).ToArray();
    }

    public Location[] Locations { get; }

    public Dictionary<string, int> IndexById { get; }

    public int Count => Locations.Length;

    /// <summary>The compiled form, or null with the validation errors when the network is invalid.</summary>
    public static CompiledNetwork? TryGet(StoreNetwork network, out IReadOnlyList<string> errors)
    {
        if (Compiled.TryGetValue(network, out var compiled))
        {
            errors = [];
            return compiled;
        }

        errors = network.Validate();
        return errors.Count > 0 ? null : Compiled.GetValue(network, key => new CompiledNetwork(key));
    }

    public PickupRow Row(int pickup) => pickupRows[pickup].Value;

    /// <summary>Bit m set = open during minute m of the UTC hour.</summary>
    public ulong OpenMask(int location, long hour) => Hour(hour).OpenMasks[location];

    public int OffsetMinutes(int location, long hour) => Hour(hour).OffsetMinutes[location];

    /// <summary>Next departure at or after <paramref name="minute"/>, given the source's UTC offset in that hour.</summary>
    public static long NextDeparture(in LaneData lane, long minute, int offsetMinutes)
    {
        if (lane.DepartureMinutesOfDay.Length == 0)
        {
            return minute;
        }

        var minuteOfDay = TimeMath.MinuteOfDay(minute + offsetMinutes);
        foreach (var departure in lane.DepartureMinutesOfDay)
        {
            if (departure >= minuteOfDay)
            {
                return minute + departure - minuteOfDay;
            }
        }

        return minute + TimeMath.MinutesPerDay - minuteOfDay + lane.DepartureMinutesOfDay[0];
    }

    public static long FloorHour(long minute) => minute >= 0 ? minute / 60 : ((minute + 1) / 60) - 1;

    /// <summary>Opening masks and UTC offsets of every location in one UTC hour (cached, shared by all calls).</summary>
    public HourRow Hour(long hour)
    {
        if (hours.TryGetValue(hour, out var row))
        {
            return row;
        }

        if (hours.Count > CachedHoursMax)
        {
            hours.Clear();
        }

        return hours.GetOrAdd(hour, BuildHour);
    }

    private HourRow BuildHour(long hour)
    {
        var masks = new ulong[Count];
        var offsets = new int[Count];
        var utc = DateTimeOffset.FromUnixTimeSeconds(hour * 3600).UtcDateTime;
        for (var location = 0; location < Count; location++)
        {
            offsets[location] = (int)zones[location].GetUtcOffset(utc).TotalMinutes;
            var weekMinute = TimeMath.MinuteOfWeek((hour * 60) + offsets[location]);
            var bits = weeklyOpenBits[location];
            ulong mask = 0;
            for (var minute = 0; minute < 60; minute++)
            {
                var bit = (weekMinute + minute) % TimeMath.MinutesPerWeek;
                if ((bits[bit >> 6] & (1UL << (bit & 63))) != 0)
                {
                    mask |= 1UL << minute;
                }
            }

            masks[location] = mask;
        }

        return new HourRow(masks, offsets);
    }

    private static ulong[] WeeklyBits(IReadOnlyList<OpeningPeriod> periods)
    {
        var bits = new ulong[(TimeMath.MinutesPerWeek + 63) / 64];
        foreach (var period in periods)
        {
            var dayStart = (int)period.Day * TimeMath.MinutesPerDay;
            for (var minute = dayStart + period.OpensMinute; minute < dayStart + period.ClosesMinute; minute++)
            {
                bits[minute >> 6] |= 1UL << (minute & 63);
            }
        }

        return bits;
    }

    private PickupRow BuildPickupRow(int pickup)
    {
        var lanes = new LaneData[Count];
        for (var source = 0; source < Count; source++)
        {
            lanes[source] = source == pickup ? LaneData.Local
                : LaneData.From(explicitLanes.TryGetValue((source, pickup), out var lane) ? lane : LaneDerivation.Derive(Locations[source], Locations[pickup]));
        }

        // Cheapest single-unit delivery first (the pickup store itself costs nothing); lead time and index break ties.
        var order = Enumerable.Range(0, Count)
            .OrderBy(source => lanes[source].UnitCostCents + lanes[source].ShipmentCostCents)
            .ThenBy(source => lanes[source].LeadMinutes)
            .ThenBy(source => source)
            .ToArray();
        var rankOf = new int[Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            rankOf[order[rank]] = rank;
        }

        return new PickupRow(lanes, order, rankOf);
    }

}

/// <summary>Per location: bit m of the mask set = open during minute m of the UTC hour; the UTC offset at the hour's start.</summary>
internal sealed record HourRow(ulong[] OpenMasks, int[] OffsetMinutes);

/// <summary>Lanes into one pickup store, indexed by source, the sources sorted cheapest first, and each source's rank in that order.</summary>
internal sealed record PickupRow(LaneData[] LaneFrom, int[] SourcesByCost, int[] RankOf);
