using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Verification;

/// <summary>Seeded demand and stock for tests and the benchmark: orders paid over the last hours and stock at a factor of demand.</summary>
internal static class DemoOrders
{
    /// <summary>14:00 in Shanghai on a Tuesday: stores are open, some orders paid yesterday evening are due soon.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2025, 11, 11, 6, 0, 0, TimeSpan.Zero);

    public sealed record Instance(IReadOnlyList<Order> Orders, AvailabilitySnapshot Availability, DateTimeOffset Now);

    /// <param name="network">Network to place orders and stock in.</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="orderCount">Orders to generate.</param>
    /// <param name="stockFactor">Units in stock per unit demanded, per SKU (e.g. 2.0, 1.0, 0.9).</param>
    /// <param name="multiLine">Orders of 1-4 lines with 1-2 units each instead of single-unit orders.</param>
    /// <param name="skuCount">Catalogue size; popularity follows a Zipf law.</param>
    /// <param name="paidHoursMax">Orders were paid uniformly within this many hours before now.</param>
    public static Instance Generate(StoreNetwork network, int seed, int orderCount, double stockFactor, bool multiLine, int skuCount = 200, int paidHoursMax = 20)
    {
        var random = new Random(seed);
        var now = DefaultNow;
        var stores = network.Locations.Where(location => location.ClickAndCollect).ToArray();
        var centres = network.Locations.Where(location => location.Kind == LocationKind.DistributionCentre).ToArray();
        var storeWeights = Cumulative(stores.Select(_ => Math.Exp(Gaussian(random) * 0.8)).ToArray());
        var skuWeights = Cumulative(Enumerable.Range(1, skuCount).Select(rank => 1.0 / Math.Pow(rank, 0.8)).ToArray());
        var orders = new List<Order>(orderCount);
        var demand = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var index = 0; index < orderCount; index++)
        {
            var pickup = stores[Pick(random, storeWeights)];
            var lineCount = multiLine ? 1 + random.Next(4) : 1;
            var lines = new List<OrderLine>();
            while (lines.Count < lineCount)
            {
                var sku = $"SKU{Pick(random, skuWeights) + 1:0000}";
                if (lines.Exists(line => line.Sku == sku))
                {
                    continue;
                }

                lines.Add(new OrderLine(sku, multiLine ? 1 + random.Next(2) : 1));
                (demand.TryGetValue(sku, out var pickups) ? pickups : demand[sku] = []).AddRange(Enumerable.Repeat(pickup.Id, lines[^1].Quantity));
            }

            var paidAt = now.AddMinutes(-random.Next(paidHoursMax * 60));
            orders.Add(new Order($"O{index + 1:000000}", pickup.Id, lines, paidAt));
        }

        return new Instance(orders, new AvailabilitySnapshot(PlaceStock(random, demand, stores, storeWeights, centres, stockFactor), []), now);
    }

    // Stock deliberately does not mirror demand: 45% sits where the SKU is wanted, 35% in random stores, 20% in centres.
    private static List<StockLevel> PlaceStock(Random random, Dictionary<string, List<string>> demand, Location[] stores, double[] storeWeights, Location[] centres, double stockFactor)
    {
        var levels = new Dictionary<(string Sku, string Location), int>();
        foreach (var (sku, pickups) in demand.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var units = (int)Math.Floor(pickups.Count * stockFactor);
            for (var unit = 0; unit < units; unit++)
            {
                var roll = random.NextDouble();
                var location = roll < 0.45 ? pickups[random.Next(pickups.Count)]
                    : roll < 0.80 || centres.Length == 0 ? stores[Pick(random, storeWeights)].Id
                    : centres[random.Next(centres.Length)].Id;
                levels[(sku, location)] = levels.GetValueOrDefault((sku, location)) + 1;
            }
        }

        return levels.Select(pair => new StockLevel(pair.Key.Sku, pair.Key.Location, pair.Value)).ToList();
    }

    private static double[] Cumulative(double[] weights)
    {
        var total = 0.0;
        return weights.Select(weight => total += weight).ToArray();
    }

    private static int Pick(Random random, double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
