namespace Allocation.Contracts.Reservations;

public static class BasketLines
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

    /// <summary>The requested lines in a fixed order with repeats merged, for recognising a repeated request.</summary>
    public static List<RequestedLine> Normalize(IEnumerable<RequestedLine> lines) =>
        lines.GroupBy(line => (line.Sku, line.StoreId))
            .Select(group => new RequestedLine(group.Key.Sku, group.Sum(line => line.Quantity), group.Key.StoreId))
            .OrderBy(line => line.Sku, StringComparer.Ordinal)
            .ThenBy(line => line.StoreId ?? "", StringComparer.Ordinal)
            .ToList();

    public static bool SameAs<T>(this IReadOnlyList<T> left, IReadOnlyList<T> right) =>
        left.SequenceEqual(right);
}
