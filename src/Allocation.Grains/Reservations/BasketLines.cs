using Allocation.Grains.Contracts;

namespace Allocation.Grains.Reservations;

internal static class BasketLines
{
    /// <summary>
    /// One line per SKU-store, in a fixed order: two lines for the same item are held as one, so they can never
    /// oversell each other, and equal baskets compare equal.
    /// </summary>
    public static List<ReservationLine> Normalize(IEnumerable<ReservationLine> lines) =>
        lines.GroupBy(line => (line.Sku, line.StoreId))
            .Select(group => new ReservationLine(group.Key.Sku, group.Key.StoreId, group.Sum(line => line.Quantity)))
            .OrderBy(line => line.Sku, StringComparer.Ordinal)
            .ThenBy(line => line.StoreId, StringComparer.Ordinal)
            .ToList();

    public static bool SameAs(this IReadOnlyList<ReservationLine> left, IReadOnlyList<ReservationLine> right) =>
        left.SequenceEqual(right);
}
