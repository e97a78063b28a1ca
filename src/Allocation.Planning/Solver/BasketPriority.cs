namespace Allocation.Planning.Solver;

/// <summary>
/// The order in which baskets (orders of several units) are decided one by one. Fill counts orders, so a basket that
/// takes few units of scarce SKUs should go before one that takes many: each basket is ranked by its units weighted by
/// how over-asked each of its SKUs is (units wanted by the movable orders / units in stock), lightest first, urgency
/// breaking ties. Urgency order alone let large baskets take the scarce units that several small ones needed.
/// </summary>
internal static class BasketPriority
{
    /// <summary>Weight of a SKU asked for without any stock: heavier than any SKU that has some.</summary>
    private const double UnstockedPressure = 1_000_000;

    /// <summary>Units wanted per unit in stock, per SKU index, over the given orders and the context's current stock.</summary>
    public static double[] Pressures(PlanContext context, IEnumerable<PreparedOrder> orders)
    {
        var wanted = new double[context.SkuIndex.Count];
        foreach (var order in orders)
        {
            for (var requirement = 0; requirement < order.Skus.Length; requirement++)
            {
                wanted[order.Skus[requirement]] += order.Quantities[requirement];
            }
        }

        var pressures = new double[wanted.Length];
        for (var sku = 0; sku < wanted.Length; sku++)
        {
            if (wanted[sku] == 0)
            {
                continue;
            }

            long stocked = 0;
            for (var location = 0; location < context.Network.Count; location++)
            {
                stocked += context.Stock(sku, location);
            }

            pressures[sku] = stocked == 0 ? UnstockedPressure : wanted[sku] / stocked;
        }

        return pressures;
    }

    /// <summary>The orders lightest first (units weighted by pressure), then most urgent first.</summary>
    public static List<PreparedOrder> Rank(IEnumerable<PreparedOrder> orders, double[] pressures) =>
        [.. OrderPreparation.ByUrgency(orders).OrderBy(order => Weight(order, pressures))];

    public static double Weight(PreparedOrder order, double[] pressures)
    {
        var weight = 0.0;
        for (var requirement = 0; requirement < order.Skus.Length; requirement++)
        {
            weight += order.Quantities[requirement] * pressures[order.Skus[requirement]];
        }

        return weight;
    }
}
