using Allocation.Planning.Model;
using Allocation.Planning.Network;
using Allocation.Verification;

namespace Allocation.Planning.Tests;

internal static class TestNetworks
{
    public static readonly DateTimeOffset Now = DemoOrders.DefaultNow; // 14:00 in Shanghai

    /// <summary>
    /// A clock that never moves, so a batch call runs every phase to its end however loaded the machine is: tests of
    /// what the planner decides do not depend on its speed (TimeLimitTests drive the deadline itself).
    /// </summary>
    public static TimeProvider FrozenClock { get; } = new StoppedClock();

    public static OpeningPeriod[] Daily(int opensHour, int closesHour) =>
        Enum.GetValues<DayOfWeek>().Select(day => new OpeningPeriod(day, new TimeOnly(opensHour, 0), closesHour == 24 ? TimeOnly.MinValue : new TimeOnly(closesHour, 0))).ToArray();

    public static Location Store(string id, string city, double latitude, double longitude, int picksPerHour = 10) =>
        new(id, city, latitude, longitude, LocationKind.Store, true, Daily(10, 22), picksPerHour, "Asia/Shanghai");

    /// <summary>Stores in one city a few kilometres apart (courier lanes), optionally one far away in Beijing.</summary>
    public static StoreNetwork SmallCity(int storeCount, int picksPerHour = 10, bool withFarStore = false)
    {
        var stores = Enumerable.Range(1, storeCount).Select(index => Store($"S{index:000}", "Shanghai", 31.20 + (0.01 * index), 121.45 + (0.013 * index), picksPerHour)).ToList();
        if (withFarStore)
        {
            stores.Add(Store("FAR", "Beijing", 39.90, 116.41, picksPerHour));
        }

        return new StoreNetwork(stores, []);
    }

    public static AvailabilitySnapshot Stock(params (string Sku, string Location, int Units)[] levels) =>
        new(levels.Select(level => new StockLevel(level.Sku, level.Location, level.Units)).ToList(), []);

    public static Order Order(string id, string pickup, params (string Sku, int Quantity)[] lines) =>
        new(id, pickup, lines.Select(line => new OrderLine(line.Sku, line.Quantity)).ToList(), Now);

    private sealed class StoppedClock : StillClock
    {
        public override long GetTimestamp() => 0;
    }
}
