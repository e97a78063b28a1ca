using Allocation.Contracts.Reservations;
using Allocation.Planning.Model;
using Allocation.Planning.Network;

namespace Allocation.Grains.Sourcing;

/// <summary>
/// Turns paid orders (their placements) into a batch planning request and a new plan back into moves. Pure: the grain
/// gathers the inputs and the orders carry the moves out. An order whose earliest pick hour has begun counts as picking
/// started and is pinned where it is.
/// </summary>
internal static class ReoptimizationPlan
{
    public static bool IsMovable(ReservationPlacement placement, DateTimeOffset now) =>
        !placement.PickingStarted && placement.Picks.Count > 0 && placement.Picks.All(pick => pick.HourStart > now);

    /// <summary>
    /// The request: every reservation as an order paid when it was first planned (so the same readiness deadline binds
    /// it), with stock and capacity as the index sees them plus what these reservations hold themselves, less the units
    /// a SKU-store is short of (promised but no longer on hand): those are not there to be picked, whoever they were for.
    /// </summary>
    public static PlanningRequest Request(
        StoreNetwork network, IReadOnlyList<ReservationPlacement> placements, IEnumerable<StockLevel> available,
        IReadOnlyDictionary<(string Sku, string StoreId), int> shortfalls, IEnumerable<CapacityUsage> booked,
        DateTimeOffset now, bool pinAll, PlanningLimits limits)
    {
        var stock = available.Concat(placements.SelectMany(placement => placement.Lines).Select(line => new StockLevel(line.Sku, line.StoreId, line.Quantity)))
            .GroupBy(level => (level.Sku, level.LocationId))
            .Select(group => new StockLevel(group.Key.Sku, group.Key.LocationId, Math.Max(0, group.Sum(level => level.Units) - shortfalls.GetValueOrDefault((group.Key.Sku, group.Key.LocationId)))))
            .Where(level => level.Units > 0)
            .ToList();
        var own = placements.SelectMany(placement => placement.Picks)
            .GroupBy(pick => (pick.StoreId, pick.HourStart))
            .ToDictionary(group => group.Key, group => group.Count());
        var usage = booked
            .Select(use => use with { Picks = Math.Max(0, use.Picks - own.GetValueOrDefault((use.LocationId, use.BucketStart))) })
            .Where(use => use.Picks > 0)
            .ToList();
        var orders = placements.Select(placement => Order(placement, pinAll || !IsMovable(placement, now))).ToList();
        return new PlanningRequest(network, new AvailabilitySnapshot(stock, usage), orders, now, limits);
    }

    /// <summary>Reservations the plan sources differently, each with the request that moves it there.</summary>
    public static List<(string ReservationId, ReallocationRequest Request)> Moves(StoreNetwork network, IReadOnlyList<ReservationPlacement> placements, AllocationPlan plan)
    {
        var byId = plan.Orders.ToDictionary(order => order.OrderId, StringComparer.Ordinal);
        var moves = new List<(string, ReallocationRequest)>();
        foreach (var placement in placements)
        {
            // An order the joint plan could not place keeps its stores: a paid order is never un-allocated.
            if (!byId.TryGetValue(placement.ReservationId, out var order) || order.Status != OrderStatus.Allocated || order.ReadyBy is not { } readyBy)
            {
                continue;
            }

            var lines = order.Lines.SelectMany(line => line.Sources.Select(source => new ReservationLine(line.Sku, source.LocationId, source.Quantity))).ToList();
            if (Same(lines, placement.Lines))
            {
                continue;
            }

            var picks = PlannedPicks.Of(network, order);
            moves.Add((placement.ReservationId, new ReallocationRequest(placement.Lines, lines, picks, readyBy)));
        }

        return moves;
    }

    private static Order Order(ReservationPlacement placement, bool pinned)
    {
        var lines = placement.Lines.GroupBy(line => line.Sku, StringComparer.Ordinal)
            .Select(group => new OrderLine(group.Key, group.Sum(line => line.Quantity)))
            .ToList();
        var pickHours = placement.Picks.ToDictionary(pick => pick.StoreId, pick => pick.HourStart, StringComparer.Ordinal);
        var readyBy = placement.ReadyBy ?? placement.PlannedAt;
        var pinnedLines = pinned
            ? lines.Select(line => new LineAllocation(line.Sku, line.Quantity, placement.Lines.Where(held => held.Sku == line.Sku)
                .Select(held => new SourcePick(held.StoreId, held.Quantity, pickHours.GetValueOrDefault(held.StoreId), readyBy)).ToList())).ToList()
            : null;
        return new Order(placement.ReservationId, placement.PickupStoreId!, lines, placement.PlannedAt, pinnedLines);
    }

    private static bool Same(IEnumerable<ReservationLine> left, IEnumerable<ReservationLine> right) =>
        BasketLines.Normalize(left).SequenceEqual(BasketLines.Normalize(right));
}
