using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;

namespace Allocation.Grains.Reservations;

/// <summary>
/// Moving a paid reservation to the stores of a re-optimised plan. A move first stores its new placement, then holds
/// and books it under new ids (a stock grain never reuses an id it has seen), confirms it, switches over, and only then
/// frees the old stores. Interrupted at any step, it is rolled back or finished the next time the grain is called
/// (recovery calls it through the intent recorded at the start). Units are never held twice for long, never lost.
/// </summary>
internal sealed partial class ReservationGrain
{
    public Task<ReservationPlacement?> GetPlacement() => Task.FromResult(Record.Status is null ? null : new ReservationPlacement(
        reservationId, CurrentStatus(), Record.PickupStoreId, Record.CreatedAt, Record.ReadyBy, Record.Lines, Record.Picks, IsSolverAllocated, Record.PickingStarted));

    public async Task<ReallocationResult> Reallocate(ReallocationRequest request)
    {
        activation.EnsureServing();
        await FinishInterruptedMoveAsync();
        if (MoveRefusal(request) is { } refusal)
        {
            return new ReallocationResult(ReallocationOutcome.Refused, refusal);
        }

        Record.Generation++;
        Record.Move = NewPlacement(request, Record.Generation);
        // Stored (as pending) before the first new hold: recovery rolls back or finishes a move cut off half-way.
        await WriteAsync();
        if (await AcquireAsync(Record.Move) is { } failure)
        {
            await FinishInterruptedMoveAsync();
            return new ReallocationResult(ReallocationOutcome.RolledBack, failure);
        }

        SwitchToMove();
        await WriteAsync();
        await FinishInterruptedMoveAsync();
        await TrackOrderAsync();
        return new ReallocationResult(ReallocationOutcome.Moved, null);
    }

    /// <summary>Rolls back a move that stopped before switching over, or frees what a switched move left behind.</summary>
    private async Task FinishInterruptedMoveAsync()
    {
        if (Record.Move is { } unfinished)
        {
            await FreeAsync(Without(unfinished, CurrentPlacement()));
            Record.Move = null;
            await WriteAsync();
        }

        if (Record.Obsolete is { } obsolete)
        {
            await FreeAsync(obsolete);
            Record.Obsolete = null;
            await WriteAsync();
        }
    }

    private string? MoveRefusal(ReallocationRequest request)
    {
        if (Record.Status is null || CurrentStatus() != ReservationStatus.Confirmed || !IsSolverAllocated)
        {
            return "only a paid reservation whose stores the solver chose can move";
        }

        if (Record.PickingStarted)
        {
            return "picking of the order has started";
        }

        if (!BasketLines.Normalize(request.ExpectedLines).SequenceEqual(BasketLines.Normalize(Record.Lines)))
        {
            return "the reservation changed since the plan was made";
        }

        if (!UnitsPerSku(request.Lines).OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .SequenceEqual(UnitsPerSku(Record.Lines).OrderBy(pair => pair.Key, StringComparer.Ordinal)))
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

    /// <summary>Lines and picks that stay exactly as they are keep their ids; everything else gets this move's ids.</summary>
    private ReservationPlacementState NewPlacement(ReallocationRequest request, int generation)
    {
        var current = CurrentPlacement();
        var newId = $"{reservationId}~{generation}";
        var lines = BasketLines.Normalize(request.Lines);
        return new ReservationPlacementState
        {
            Lines = lines,
            HoldIds = [.. lines.Select(line => current.Lines.IndexOf(line) is var kept and >= 0 ? current.HoldIds[kept] : newId)],
            Picks = [.. request.Picks],
            BookingIds = [.. request.Picks.Select(pick => current.Picks.FindIndex(old => old.StoreId == pick.StoreId && old.HourStart == pick.HourStart) is var kept and >= 0
                ? current.BookingIds[kept] : newId)],
            ReadyBy = request.ReadyBy,
        };
    }

    /// <summary>Books, holds and confirms the new parts of a move; null when all succeeded, else why not.</summary>
    private async Task<string?> AcquireAsync(ReservationPlacementState move)
    {
        var fresh = Without(move, CurrentPlacement());
        var deadline = clock.UtcNow.AddSeconds(reoptimization.Value.MoveHoldSeconds);
        var booked = await Task.WhenAll(fresh.Picks.Select((pick, index) =>
            Schedule(pick.StoreId).Book(new PickBookingRequest(fresh.BookingIds[index], pick.HourStart, pick.PicksMax, deadline))));
        if (booked.FirstOrDefault(result => !result.IsBooked) is { } full)
        {
            return $"pick hour {full.HourStart:u} is no longer free: {full.Reason}";
        }

        var held = await Task.WhenAll(fresh.Lines.Select((line, index) =>
            Stock(line).Hold(new HoldRequest(fresh.HoldIds[index], line.Quantity, reoptimization.Value.MoveHoldSeconds, deadline))));
        if (held.Any(result => !result.IsHeld))
        {
            return "stock at a new store was taken meanwhile";
        }

        var confirmed = await Task.WhenAll(fresh.Lines.Select((line, index) => Stock(line).Confirm(fresh.HoldIds[index])));
        if (!confirmed.All(result => result.Succeeded))
        {
            return "a new hold lapsed before it was confirmed";
        }

        await Task.WhenAll(fresh.Picks.Select((pick, index) => Schedule(pick.StoreId).Confirm(fresh.BookingIds[index])));
        return null;
    }

    private void SwitchToMove()
    {
        var move = Record.Move!;
        Record.Obsolete = Without(CurrentPlacement(), move);
        Record.Lines = move.Lines;
        Record.HoldIds = move.HoldIds;
        Record.Picks = move.Picks;
        Record.BookingIds = move.BookingIds;
        Record.ReadyBy = move.ReadyBy;
        Record.Move = null;
    }

    /// <summary>The lines and picks of <paramref name="placement"/> not held or booked under the same id in <paramref name="other"/>.</summary>
    private static ReservationPlacementState Without(ReservationPlacementState placement, ReservationPlacementState other)
    {
        var otherHolds = other.Lines.Select((line, index) => (line.Sku, line.StoreId, other.HoldIds[index])).ToHashSet();
        var otherBookings = other.Picks.Select((pick, index) => (pick.StoreId, other.BookingIds[index])).ToHashSet();
        var lines = Enumerable.Range(0, placement.Lines.Count).Where(index => !otherHolds.Contains((placement.Lines[index].Sku, placement.Lines[index].StoreId, placement.HoldIds[index]))).ToList();
        var picks = Enumerable.Range(0, placement.Picks.Count).Where(index => !otherBookings.Contains((placement.Picks[index].StoreId, placement.BookingIds[index]))).ToList();
        return new ReservationPlacementState
        {
            Lines = [.. lines.Select(index => placement.Lines[index])],
            HoldIds = [.. lines.Select(index => placement.HoldIds[index])],
            Picks = [.. picks.Select(index => placement.Picks[index])],
            BookingIds = [.. picks.Select(index => placement.BookingIds[index])],
            ReadyBy = placement.ReadyBy,
        };
    }
}
