using Allocation.Planning.Common;
using Allocation.Planning.Model;
using Allocation.Planning.Network;
using System.Numerics;

namespace Allocation.Planning.Solver;

/// <summary>
/// Mutable state of one planning call: residual stock per (sku, location), residual pick capacity per (location, hourly
/// bucket) and cached ready times. Buckets are whole UTC hours starting with the hour that contains "now".
/// </summary>
internal sealed class PlanContext
{
    /// <summary>Beyond the readiness window, how far the planner looks for the earliest possible ready time of a late order.</summary>
    public const int DiagnosticHorizonMinutes = 48 * 60;

    private readonly int[]?[] stockBySku;
    private readonly int[]?[] capacity;
    private readonly int[]?[] slack;
    private readonly Dictionary<(int Location, long Hour), int> usedPicks = [];
    private readonly HourRow[] hourRows;
    private readonly long[]?[] nextOpenFrom;
    private readonly ulong[]?[]?[] holderBitsByPickup;

    public PlanContext(CompiledNetwork network, PlanningRequest request, PlanningLimits limits, PlanningCosts costs)
    {
        Network = network;
        Limits = limits;
        NowMinute = TimeMath.ToMinutesCeiling(request.Now);
        StartHour = CompiledNetwork.FloorHour(NowMinute);
        var latestPaid = request.Orders.Count == 0 ? NowMinute : Math.Max(NowMinute, request.Orders.Max(order => order?.PaidAt is { } paid ? TimeMath.ToMinutes(paid) : NowMinute));
        BucketCount = (int)(((latestPaid + limits.ReadinessWindowMinutes + DiagnosticHorizonMinutes) / 60) - StartHour + 2);
        HandlingPickCents = Money.ToCents(costs.HandlingCostPerPick);
        HandlingUnitCents = Money.ToCents(costs.HandlingCostPerUnit);
        SplitPenaltyCents = Money.ToCents(costs.SplitPenalty);
        SkuIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sku in request.Availability.Stock.Select(level => level.Sku).Concat(request.Orders.SelectMany(order => order?.Lines ?? []).Select(line => line?.Sku)))
        {
            if (sku is not null)
            {
                SkuIndex.TryAdd(sku, SkuIndex.Count);
            }
        }

        stockBySku = new int[]?[SkuIndex.Count];
        foreach (var level in request.Availability.Stock)
        {
            if (level is not null && level.Units > 0 && network.IndexById.TryGetValue(level.LocationId ?? string.Empty, out var location))
            {
                var units = stockBySku[SkuIndex[level.Sku]] ??= new int[network.Count];
                units[location] += level.Units;
            }
        }

        foreach (var usage in request.Availability.CapacityUsed)
        {
            if (usage is not null && network.IndexById.TryGetValue(usage.LocationId ?? string.Empty, out var location))
            {
                var key = (location, CompiledNetwork.FloorHour(TimeMath.ToMinutes(usage.BucketStart)));
                usedPicks[key] = usedPicks.GetValueOrDefault(key) + usage.Picks;
            }
        }

        capacity = new int[]?[network.Count];
        slack = new int[]?[network.Count];
        hourRows = new HourRow[BucketCount + 1];
        for (var bucket = 0; bucket <= BucketCount; bucket++)
        {
            hourRows[bucket] = network.Hour(StartHour + bucket);
        }

        nextOpenFrom = new long[]?[network.Count];
        holderBitsByPickup = new ulong[]?[]?[network.Count];
    }

    private PlanContext(PlanContext other)
    {
        Network = other.Network;
        Limits = other.Limits;
        NowMinute = other.NowMinute;
        StartHour = other.StartHour;
        BucketCount = other.BucketCount;
        HandlingPickCents = other.HandlingPickCents;
        HandlingUnitCents = other.HandlingUnitCents;
        SplitPenaltyCents = other.SplitPenaltyCents;
        SkuIndex = other.SkuIndex;
        usedPicks = other.usedPicks;
        hourRows = other.hourRows;
        nextOpenFrom = other.nextOpenFrom;
        holderBitsByPickup = other.holderBitsByPickup;
        stockBySku = other.stockBySku.Select(levels => (int[]?)levels?.Clone()).ToArray();
        capacity = other.capacity.Select(buckets => (int[]?)buckets?.Clone()).ToArray();
        slack = new int[]?[other.slack.Length];
        DeadlineScheduling = other.DeadlineScheduling;
    }

    public CompiledNetwork Network { get; }

    /// <summary>When each phase of this call ended (a clone for another engine keeps a log of its own).</summary>
    public PhaseLog Phases { get; } = new();

    public PlanningLimits Limits { get; }

    public long NowMinute { get; }

    public long StartHour { get; }

    public int BucketCount { get; }

    public long HorizonEndMinute => (StartHour + BucketCount) * 60;

    public long HandlingPickCents { get; }

    public long HandlingUnitCents { get; }

    public long SplitPenaltyCents { get; }

    public Dictionary<string, int> SkuIndex { get; }

    /// <summary>
    /// While true, a pick's bucket is the latest one its order can use, and room is judged by earliest-deadline-first
    /// prefix sums instead of per hour: picks can still slide to earlier hours, so an order with time to spare does not
    /// take the early hour an urgent one needs. <see cref="DeadlineSchedule"/> then gives every pick its real hour.
    /// </summary>
    public bool DeadlineScheduling { get; private set; }

    /// <summary>A copy with its own stock and capacity (caches shared) to try alternatives on.</summary>
    public PlanContext Clone() => new(this);

    /// <summary>Takes over the residual stock and capacity of <paramref name="other"/> (a clone of this context).</summary>
    public void CopyFrom(PlanContext other)
    {
        for (var sku = 0; sku < stockBySku.Length; sku++)
        {
            stockBySku[sku] = (int[]?)other.stockBySku[sku]?.Clone();
        }

        for (var location = 0; location < capacity.Length; location++)
        {
            capacity[location] = (int[]?)other.capacity[location]?.Clone();
            slack[location] = null;
        }

        DeadlineScheduling = other.DeadlineScheduling;
    }

    public int Stock(int sku, int location) => stockBySku[sku]?[location] ?? 0;

    public void AddStock(int sku, int location, int units)
    {
        var levels = stockBySku[sku] ??= new int[Network.Count];
        levels[location] += units;
    }

    public bool HasStock(int sku) => stockBySku[sku] is not null;

    /// <summary>
    /// Bit r set = the r-th cheapest source for <paramref name="pickup"/> held <paramref name="sku"/> when first asked.
    /// Stock only returns to where it was taken from, so later holders are a subset: a scan over these bits visits every
    /// current holder in cost order without touching the hundreds of locations that never held the SKU.
    /// </summary>
    public ulong[] HolderBits(int pickup, int sku)
    {
        var bySku = holderBitsByPickup[pickup] ??= new ulong[]?[stockBySku.Length];
        if (bySku[sku] is { } existing)
        {
            return existing;
        }

        var bits = new ulong[(Network.Count + 63) / 64];
        if (stockBySku[sku] is { } levels)
        {
            var rankOf = Network.Row(pickup).RankOf;
            for (var location = 0; location < levels.Length; location++)
            {
                if (levels[location] > 0)
                {
                    var rank = rankOf[location];
                    bits[rank >> 6] |= 1UL << (rank & 63);
                }
            }
        }

        return bySku[sku] = bits;
    }

    public int Capacity(int location, int bucket) => Capacities(location)[bucket];

    public void AddCapacity(int location, int bucket, int picks)
    {
        Capacities(location)[bucket] += picks;
        slack[location] = null;
    }

    /// <summary>Whether one more pick fits at the location in the bucket (in deadline scheduling: by that bucket at the latest).</summary>
    public bool HasRoom(int location, int bucket) => DeadlineScheduling ? Slack(location)[bucket] > 0 : Capacity(location, bucket) > 0;

    /// <summary>
    /// Switches to deadline scheduling when it is exact: every order may start picking in the first bucket (all paid by
    /// now), since prefix sums from bucket 0 then decide feasibility (Hall's condition for nested intervals). False, and
    /// nothing changed, otherwise.
    /// </summary>
    public bool TryBeginDeadlineScheduling(IEnumerable<PreparedOrder> movable)
    {
        if (movable.Any(order => order.ReleaseBucket != 0))
        {
            return false;
        }

        // Pinned picks are fixed in their hour: one booked beyond its capacity must not borrow from earlier hours.
        for (var location = 0; location < capacity.Length; location++)
        {
            if (capacity[location] is { } buckets)
            {
                for (var bucket = 0; bucket < buckets.Length; bucket++)
                {
                    buckets[bucket] = Math.Max(0, buckets[bucket]);
                }

                slack[location] = null;
            }
        }

        DeadlineScheduling = true;
        return true;
    }

    /// <summary>Back to per-hour accounting, once <see cref="DeadlineSchedule"/> has moved every pick to its real hour.</summary>
    public void EndDeadlineScheduling() => DeadlineScheduling = false;

    // Per bucket t: the least, over buckets from t on, of free picks summed from bucket 0. A pick whose latest bucket is t
    // fits if that is positive. Rebuilt after a change, which is rarer than the question.
    private int[] Slack(int location)
    {
        if (slack[location] is { } existing)
        {
            return existing;
        }

        var free = Capacities(location);
        var result = new int[BucketCount];
        var sum = 0;
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            sum += free[bucket];
            result[bucket] = sum;
        }

        for (var bucket = BucketCount - 2; bucket >= 0; bucket--)
        {
            result[bucket] = Math.Min(result[bucket], result[bucket + 1]);
        }

        return slack[location] = result;
    }

    /// <summary>End of the last usable open minute of the bucket, or -1 when the location cannot pick in that hour.</summary>
    /// <remarks>Computed from the shared hour rows rather than stored: one array less per location and call, which in
    /// online mode (a fresh context per order) was a large share of the allocations, and so of the garbage collections
    /// that make up the latency tail.</remarks>
    public long PickDone(int location, int bucket)
    {
        var usable = UsableMask(location, bucket);
        return usable == 0 || Network.Locations[location].PickCapacityPerHour == 0 ? -1 : BucketStartMinute(bucket) + 64 - BitOperations.LeadingZeroCount(usable);
    }

    // Open minutes of the bucket that are not before "now".
    private ulong UsableMask(int location, int bucket)
    {
        var mask = hourRows[bucket].OpenMasks[location];
        var start = BucketStartMinute(bucket);
        return start < NowMinute ? mask & (ulong.MaxValue << (int)(NowMinute - start)) : mask;
    }

    public int BucketOf(long minute) => (int)(CompiledNetwork.FloorHour(minute) - StartHour);

    public long BucketStartMinute(int bucket) => (StartHour + bucket) * 60;

    /// <summary>Ready time at the pickup store when picked at <paramref name="source"/> in <paramref name="bucket"/>; long.MaxValue when closed or beyond the horizon.</summary>
    /// <remarks>Computed in constant time from per-location tables instead of cached: a batch asks for hundreds of thousands of
    /// (source, pickup, bucket) triples, mostly once each, and filling a cache cost more than the arithmetic.</remarks>
    public long Ready(int source, int pickup, int bucket)
    {
        var done = PickDone(source, bucket);
        if (done < 0)
        {
            return long.MaxValue;
        }

        if (source == pickup)
        {
            return done;
        }

        var lane = Network.Row(pickup).LaneFrom[source];
        var departure = lane.DepartureMinutesOfDay.Length == 0 ? done : CompiledNetwork.NextDeparture(lane, done, OffsetMinutes(source, CompiledNetwork.FloorHour(done)));
        var arrival = departure + lane.LeadMinutes;
        return arrival > HorizonEndMinute ? long.MaxValue : NextOpenMinute(pickup, arrival);
    }

    // First open minute at or after the given one; searches hours up to and including the one starting at the horizon end.
    private long NextOpenMinute(int location, long minute)
    {
        var bucket = BucketOf(minute);
        if (bucket < 0 || bucket > BucketCount)
        {
            return long.MaxValue;
        }

        var mask = hourRows[bucket].OpenMasks[location] & (ulong.MaxValue << (int)(minute - BucketStartMinute(bucket)));
        return mask != 0 ? BucketStartMinute(bucket) + BitOperations.TrailingZeroCount(mask) : NextOpenFrom(location)[bucket + 1];
    }

    private int OffsetMinutes(int location, long hour)
    {
        var bucket = hour - StartHour;
        return bucket >= 0 && bucket <= BucketCount ? hourRows[bucket].OffsetMinutes[location] : Network.OffsetMinutes(location, hour);
    }

    /// <summary>Per bucket (one more than the horizon, then a sentinel): the first open minute from the bucket's start on.</summary>
    private long[] NextOpenFrom(int location)
    {
        if (nextOpenFrom[location] is { } existing)
        {
            return existing;
        }

        var next = new long[BucketCount + 2];
        next[BucketCount + 1] = long.MaxValue;
        for (var bucket = BucketCount; bucket >= 0; bucket--)
        {
            var mask = hourRows[bucket].OpenMasks[location];
            next[bucket] = mask != 0 ? BucketStartMinute(bucket) + BitOperations.TrailingZeroCount(mask) : next[bucket + 1];
        }

        return nextOpenFrom[location] = next;
    }

    /// <summary>
    /// Earliest bucket with free capacity whose goods are ready by the deadline, or (-1, MaxValue). In deadline scheduling
    /// the latest usable bucket, if the pick fits by then (its real hour is set at the end).
    /// </summary>
    public (int Bucket, long Ready) EarliestBucket(PreparedOrder order, int source, long deadlineMinute)
    {
        if (DeadlineScheduling)
        {
            var latest = LatestBucket(order, source, deadlineMinute);
            return latest >= 0 && HasRoom(source, latest) ? (latest, Ready(source, order.Pickup, latest)) : (-1, long.MaxValue);
        }

        for (var bucket = order.ReleaseBucket; bucket < BucketCount; bucket++)
        {
            if (PickDone(source, bucket) < 0)
            {
                continue;
            }

            // Ready times only grow with later buckets, so the first late bucket ends the search.
            var ready = Ready(source, order.Pickup, bucket);
            if (ready > deadlineMinute)
            {
                return (-1, long.MaxValue);
            }

            if (Capacity(source, bucket) > 0)
            {
                return (bucket, ready);
            }
        }

        return (-1, long.MaxValue);
    }

    /// <summary>Last open bucket whose goods are ready by the deadline, or -1.</summary>
    public int LatestBucket(PreparedOrder order, int source, long deadlineMinute)
    {
        var latest = -1;
        for (var bucket = order.ReleaseBucket; bucket < BucketCount; bucket++)
        {
            if (PickDone(source, bucket) < 0)
            {
                continue;
            }

            if (Ready(source, order.Pickup, bucket) > deadlineMinute)
            {
                break;
            }

            latest = bucket;
        }

        return latest;
    }

    public long UnitCents(int source, int pickup) => HandlingUnitCents + Network.Row(pickup).LaneFrom[source].UnitCostCents;

    public long FixedCents(int source, int pickup) => HandlingPickCents + Network.Row(pickup).LaneFrom[source].ShipmentCostCents;

    public long CostCents(PreparedOrder order, SourceChoice[] sources)
    {
        long cost = SplitPenaltyCents * (sources.Length - 1);
        foreach (var source in sources)
        {
            cost += FixedCents(source.Location, order.Pickup) + (UnitCents(source.Location, order.Pickup) * source.Units.Sum());
        }

        return cost;
    }

    public void Commit(PreparedOrder order, Decision decision) => Apply(order, decision, -1);

    public void Release(PreparedOrder order, Decision decision) => Apply(order, decision, +1);

    private void Apply(PreparedOrder order, Decision decision, int sign)
    {
        foreach (var source in decision.Sources)
        {
            for (var requirement = 0; requirement < order.Skus.Length; requirement++)
            {
                AddStock(order.Skus[requirement], source.Location, sign * source.Units[requirement]);
            }

            if (source.Bucket >= 0 && source.Bucket < BucketCount)
            {
                AddCapacity(source.Location, source.Bucket, sign);
            }
        }
    }

    private int[] Capacities(int location)
    {
        if (capacity[location] is { } existing)
        {
            return existing;
        }

        var picksPerHour = Network.Locations[location].PickCapacityPerHour;
        var buckets = new int[BucketCount];
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            var openMinutes = BitOperations.PopCount(UsableMask(location, bucket));
            // An hour booked beyond its capacity lends nothing to other hours.
            buckets[bucket] = Math.Max(0, (picksPerHour * openMinutes / 60) - usedPicks.GetValueOrDefault((location, StartHour + bucket)));
        }

        capacity[location] = buckets;
        return buckets;
    }

}
