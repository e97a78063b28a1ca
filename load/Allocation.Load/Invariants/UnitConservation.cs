using Allocation.Client.Orders;
using Allocation.Load.Service;

namespace Allocation.Load.Invariants;

/// <summary>
/// Per SKU, over every SKU-store of the pool: the units there after the run (on hand, in transit, picked or staged for
/// an order, handed over) equal the units before plus the receipts and minus the sales the service applied for the
/// harness, give or take the corrections a pick makes when the shelf disagrees with the book. Those the harness cannot
/// see one by one, only bound: a short pick writes off at most the missing units of its line (the order's
/// writtenOff); a pick that found more than the book had raises on hand by at most the shortfall the book was in,
/// which only till sales of promised units (their answers say how many) and write-offs create.
/// </summary>
public static class UnitConservation
{
    public const string Name = "units conserved";

    public sealed record SkuUnits(int Before, int Moved, int After, int WrittenOffMax, int FoundBeyondBookMax)
    {
        /// <summary>After minus (before + moved): the pick corrections, which must lie within their bounds.</summary>
        public int Corrections => After - Before - Moved;

        public bool Holds => Corrections >= -WrittenOffMax && Corrections <= FoundBeyondBookMax;
    }

    public static IReadOnlyDictionary<string, SkuUnits> Compute(
        IReadOnlyDictionary<SkuStore, StockReply> baseline, IReadOnlyDictionary<SkuStore, StockReply> after, IEnumerable<MovementRecord> movements, IEnumerable<Order> orders)
    {
        var units = new Dictionary<string, SkuUnits>(StringComparer.Ordinal);
        SkuUnits Of(string sku) => units.GetValueOrDefault(sku) ?? new SkuUnits(0, 0, 0, 0, 0);
        foreach (var (key, counts) in baseline)
        {
            units[key.Sku] = Of(key.Sku) with { Before = Of(key.Sku).Before + counts.OnHand + counts.InTransit };
        }

        foreach (var (key, counts) in after)
        {
            units[key.Sku] = Of(key.Sku) with { After = Of(key.Sku).After + counts.OnHand + counts.InTransit };
        }

        foreach (var movement in movements.Where(movement => movement.Applied == true))
        {
            var sku = movement.SkuStore.Sku;
            var moved = movement.Kind == MovementKind.Receipt ? movement.Quantity : -movement.Quantity;
            units[sku] = Of(sku) with { Moved = Of(sku).Moved + moved, FoundBeyondBookMax = Of(sku).FoundBeyondBookMax + movement.ShortfallCaused };
        }

        foreach (var line in orders.SelectMany(order => order.Lines))
        {
            var held = line.State is OrderLineState.Picked or OrderLineState.AtPickupStore or OrderLineState.Collected ? line.Picked : 0;
            var writtenOff = line.WrittenOff;
            units[line.Sku] = Of(line.Sku) with
            {
                After = Of(line.Sku).After + held,
                WrittenOffMax = Of(line.Sku).WrittenOffMax + writtenOff,
                FoundBeyondBookMax = Of(line.Sku).FoundBeyondBookMax + writtenOff,
            };
        }

        return units;
    }

    public static InvariantCheck Check(IReadOnlyDictionary<string, SkuUnits> units)
    {
        var violations = new ViolationList();
        foreach (var (sku, skuUnits) in units.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (skuUnits.Holds)
            {
                violations.Pass();
            }
            else
            {
                violations.Fail($"{sku}: before {skuUnits.Before}, receipts - sales {skuUnits.Moved}, after (stock, transit, picked, handed over) {skuUnits.After}: " +
                    $"{skuUnits.Corrections:+#;-#;0} unexplained (write-offs explain down to -{skuUnits.WrittenOffMax}, found-beyond-book up to +{skuUnits.FoundBeyondBookMax})");
            }
        }

        return violations.ToCheck(Name, "per SKU: on hand + in transit + picked/staged + handed over = before + receipts - sales, within the pick corrections (write-offs <= missing units; found beyond the book <= shortfall from till sales and write-offs)");
    }
}
