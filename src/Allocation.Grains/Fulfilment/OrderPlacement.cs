using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// Where a paid order's units and picks are, each with the id it is held or booked under at its store (a moved line
/// gets a new id, since a stock grain never reuses an id it has seen). Used for a move under way and for what a
/// finished move must free. The ids live in each line and pick: no parallel lists.
/// </summary>
[GenerateSerializer, Immutable, Alias("allocation.order-placement.v1")]
internal sealed record OrderPlacement(
    [property: Id(0)] IReadOnlyList<PlacedLine> Lines,
    [property: Id(1)] IReadOnlyList<PlacedPick> Picks,
    [property: Id(2)] DateTimeOffset? ReadyBy)
{
    /// <summary>The lines and picks of this placement not held or booked under the same id in <paramref name="other"/>.</summary>
    public OrderPlacement Without(OrderPlacement other) => new(
        [.. Lines.Where(line => !other.Lines.Any(kept => kept.Line.Sku == line.Line.Sku && kept.Line.StoreId == line.Line.StoreId && kept.HoldId == line.HoldId))],
        [.. Picks.Where(pick => !other.Picks.Any(kept => kept.Pick.StoreId == pick.Pick.StoreId && kept.BookingId == pick.BookingId))],
        ReadyBy);
}

/// <summary>A line as placed: its units at a store, held (and, once paid, committed) there under HoldId.</summary>
[GenerateSerializer, Immutable, Alias("allocation.placed-line.v1")]
internal sealed record PlacedLine([property: Id(0)] ReservationLine Line, [property: Id(1)] string HoldId);

/// <summary>A pick as placed: booked at its store's schedule under BookingId.</summary>
[GenerateSerializer, Immutable, Alias("allocation.placed-pick.v1")]
internal sealed record PlacedPick([property: Id(0)] PlannedPick Pick, [property: Id(1)] string BookingId);
