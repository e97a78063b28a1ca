using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// Moving a paid order to the stores of a re-optimised plan, before any store acted on it. A move first stores its new
/// placement, then books, holds and commits it under new ids (a stock grain never reuses an id it has seen), switches
/// over, and only then frees the old stores. Interrupted at any step, it is rolled back or finished the next time the
/// grain is called (recovery calls it, since the record is stored as pending meanwhile). Units are never held twice
/// for long, never lost.
/// </summary>
internal sealed partial class OrderGrain
{
    public async Task<ReservationPlacement?> GetPlacement()
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        return Record is not { } order ? null : new ReservationPlacement(
            orderId, ReservationStatus.Confirmed, order.PickupStoreId, order.WindowStartsAt, order.ReadyBy,
            [.. order.Lines.Select(line => new ReservationLine(line.Sku, line.SourceStoreId, line.Quantity))], order.Picks,
            order.SolverChosen, order.State != OrderState.Paid);
    }

    public async Task<ReallocationResult> Move(ReallocationRequest request)
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        var refusal = Record is { } current ? MoveRefusal(current, request) : $"no paid order '{orderId}'";
        if (refusal is not null)
        {
            return new ReallocationResult(ReallocationOutcome.Refused, refusal);
        }

        var order = Record!;
        return await GuardAsync(async () =>
        {
            order.Generation++;
            order.Move = NewPlacement(order, request, Identifiers.Derived(orderId, $"m{order.Generation}"));
            // Stored (as pending) before the first new hold: recovery rolls back or finishes a move cut off half-way.
            await WriteRecordAsync(order, []);
            if (await ClaimAsync(order.Move.Without(PlacementOf(order)), reoptimization.Value.MoveHoldSeconds) is { } failure)
            {
                await FinishInterruptedMoveAsync();
                return new ReallocationResult(ReallocationOutcome.RolledBack, failure);
            }

            var formerStoreIds = order.Lines.Select(line => line.SourceStoreId).Distinct(StringComparer.Ordinal).ToList();
            SwitchToMove(order);
            await WriteRecordAsync(order, []);
            await FinishInterruptedMoveAsync();
            await Task.WhenAll(order.Lines.Select(line => line.SourceStoreId).Distinct(StringComparer.Ordinal).Select(storeId => StoreOrders(storeId).Track(orderId)));
            // The stores it left list it no more; those it moved to list its new lines.
            await TellStoresAsync(order, formerStoreIds);
            return new ReallocationResult(ReallocationOutcome.Moved, null);
        });
    }

    /// <summary>Rolls back a move that stopped before switching over, or frees what a switched move left behind.</summary>
    private async Task FinishInterruptedMoveAsync()
    {
        if (Record is not { } order)
        {
            return;
        }

        if (order.Move is { } unfinished)
        {
            await FreeAsync(unfinished.Without(PlacementOf(order)));
            order.Move = null;
            await WriteRecordAsync(order, []);
        }

        if (order.Obsolete is { } obsolete)
        {
            await FreeAsync(obsolete);
            order.Obsolete = null;
            await WriteRecordAsync(order, []);
        }
    }

    private static string? MoveRefusal(OrderRecord order, ReallocationRequest request)
    {
        if (order.State != OrderState.Paid || !order.SolverChosen)
        {
            return "only a paid order whose stores the solver chose can move";
        }

        if (!BasketLines.Normalize(request.ExpectedLines).SequenceEqual(BasketLines.Normalize(PlacementOf(order).Lines.Select(line => line.Line))))
        {
            return "the order changed since the plan was made";
        }

        if (!UnitsPerSku(request.Lines).OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .SequenceEqual(UnitsPerSku(request.ExpectedLines).OrderBy(pair => pair.Key, StringComparer.Ordinal)))
        {
            return "lines: the new lines do not carry the same units per SKU";
        }

        var storesWithPicks = request.Picks.Select(pick => pick.StoreId).ToHashSet(StringComparer.Ordinal);
        return request.Lines.All(line => storesWithPicks.Contains(line.StoreId)) && storesWithPicks.Count == request.Picks.Count
            ? null
            : "picks: every new source store needs exactly one pick";
    }

    private static Dictionary<string, int> UnitsPerSku(IEnumerable<ReservationLine> lines) =>
        lines.GroupBy(line => line.Sku, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Sum(line => line.Quantity), StringComparer.Ordinal);

    /// <summary>The order's lines and picks as placed now, with their ids (a paid order: every line committed, one pick per source store).</summary>
    private static OrderPlacement PlacementOf(OrderRecord order) => new(
        [.. order.Lines.Select(line => new PlacedLine(new ReservationLine(line.Sku, line.SourceStoreId, line.Quantity), line.HoldId))],
        [.. BookedPicks(order)],
        order.ReadyBy);

    private static IEnumerable<PlacedPick> BookedPicks(OrderRecord order) =>
        order.Picks.Where(pick => order.BookingIds.ContainsKey(pick.StoreId)).Select(pick => new PlacedPick(pick, order.BookingIds[pick.StoreId][0]));

    /// <summary>Lines and picks that stay exactly as they are keep their ids; everything else gets this move's id.</summary>
    private static OrderPlacement NewPlacement(OrderRecord order, ReallocationRequest request, string newId)
    {
        var current = PlacementOf(order);
        return new OrderPlacement(
            [.. BasketLines.Normalize(request.Lines).Select(line => new PlacedLine(line, current.Lines.FirstOrDefault(kept => kept.Line == line)?.HoldId ?? newId))],
            [.. request.Picks.Select(pick => new PlacedPick(pick, current.Picks.FirstOrDefault(kept => kept.Pick.StoreId == pick.StoreId && kept.Pick.HourStart == pick.HourStart)?.BookingId ?? newId))],
            request.ReadyBy);
    }

    /// <summary>
    /// The order's one claims helper (a move's new parts, a short pick's replacement): books every pick, holds every
    /// line until <paramref name="holdSeconds"/> from now, commits the lines and confirms the bookings. All or
    /// nothing: at the first refusal it frees whatever it took (every release is idempotent) and answers why; null when
    /// everything is claimed.
    /// </summary>
    private async Task<string?> ClaimAsync(OrderPlacement fresh, int holdSeconds)
    {
        var deadline = clock.UtcNow.AddSeconds(holdSeconds);
        var booked = await Task.WhenAll(fresh.Picks.Select(placed =>
            Schedule(placed.Pick.StoreId).Book(new PickBookingRequest(placed.BookingId, placed.Pick.HourStart, placed.Pick.PicksMax, deadline))));
        var refusal = booked.FirstOrDefault(result => !result.IsBooked) is { } full ? $"pick hour {full.HourStart:u} is no longer free: {full.Reason}" : null;
        if (refusal is null)
        {
            var held = await Task.WhenAll(fresh.Lines.Select(placed =>
                Stock(placed.Line.Sku, placed.Line.StoreId).Hold(new HoldRequest(placed.HoldId, placed.Line.Quantity, holdSeconds, deadline))));
            refusal = held.All(result => result.IsHeld) ? null : "stock at a new store was taken meanwhile";
        }

        if (refusal is null)
        {
            var confirmed = await Task.WhenAll(fresh.Lines.Select(placed => Stock(placed.Line.Sku, placed.Line.StoreId).Confirm(placed.HoldId)));
            refusal = confirmed.All(result => result.Succeeded) ? null : "a new hold lapsed before it was confirmed";
        }

        if (refusal is not null)
        {
            await FreeAsync(fresh);
            return refusal;
        }

        await Task.WhenAll(fresh.Picks.Select(placed => Schedule(placed.Pick.StoreId).Confirm(placed.BookingId)));
        return null;
    }

    /// <summary>The move becomes the order's placement; what the old one held that the new one does not is left to free.</summary>
    private static void SwitchToMove(OrderRecord order)
    {
        var move = order.Move!;
        order.Obsolete = PlacementOf(order).Without(move);
        order.Lines = [.. move.Lines.Select(placed => new OrderLineRecord
        {
            Sku = placed.Line.Sku,
            SourceStoreId = placed.Line.StoreId,
            HoldId = placed.HoldId,
            Quantity = placed.Line.Quantity,
            PickHour = move.Picks.FirstOrDefault(pick => pick.Pick.StoreId == placed.Line.StoreId)?.Pick.HourStart,
        })];
        order.Picks = [.. move.Picks.Select(placed => placed.Pick)];
        order.BookingIds = move.Picks.ToDictionary(placed => placed.Pick.StoreId, placed => new List<string> { placed.BookingId }, StringComparer.Ordinal);
        order.ReadyBy = move.ReadyBy;
        order.Move = null;
    }

    /// <summary>Releases holds (a committed one is cancelled, its units return) and bookings; each is idempotent.</summary>
    private async Task FreeAsync(OrderPlacement placement)
    {
        await Task.WhenAll(placement.Lines.Select(placed => Stock(placed.Line.Sku, placed.Line.StoreId).Release(placed.HoldId)));
        await Task.WhenAll(placement.Picks.Select(placed => Schedule(placed.Pick.StoreId).Release(placed.BookingId)));
    }
}
