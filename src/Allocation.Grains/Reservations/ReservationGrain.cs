using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Contracts;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Sourcing;
using Allocation.Planning.Model;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Reservations;

/// <summary>
/// A checkout's basket. Lines are held at their stock grains in parallel; if any cannot be held, the held ones are
/// released. A multi-line basket, a confirm and a move first store their pending work, so a crash half-way is undone
/// or finished by recovery (or by the caller's retry: stock holds are idempotent per reservation id). Lines the solver
/// sourced also book one pick per source store in the hour it chose; those bookings share the holds' deadline and are
/// paid with them. The record is a grain record written through the ledger's group commit; a write that fails leaves
/// no trace: the activation stops serving and the next call reloads what is stored.
/// </summary>
internal sealed partial class ReservationGrain(
    GrainRecords records,
    IOpenOrderStore openOrders,
    OnlineAllocator allocator,
    IOptions<SourcingOptions> allocation,
    IOptions<ReoptimizationOptions> reoptimization,
    AllocationClock clock) : Grain, IReservationGrain
{
    private string tenantId = "";
    private string reservationId = "";
    private RecordKey recordKey;
    private bool failed;

    private ReservationState Record { get; set; } = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var grainKey = this.GetPrimaryKeyString();
        (tenantId, reservationId) = ReservationKey.FromGrainKey(grainKey);
        recordKey = new RecordKey(new RecordOwner(StorageNames.ReservationRecord, grainKey), "");
        var stored = await records.ReadAsync<ReservationState>(recordKey.Owner);
        Record = stored.Count == 0 ? new ReservationState() : stored[0].Value;
    }

    public async Task<ReservationResult> Reserve(ReservationRequest request)
    {
        EnsureServing();
        var requested = BasketLines.Normalize(request.Lines);
        if (Record.Status is not null)
        {
            var same = Record.Requested.SameAs(requested) && Record.TtlSeconds == request.TtlSeconds && Record.PickupStoreId == request.PickupStoreId;
            return same
                ? ReservationResult.Of(ReservationOutcome.Repeated, View())
                : ReservationResult.Of(ReservationOutcome.Conflict, null, $"reservation '{reservationId}' was made before with a different request");
        }

        var needsAllocation = requested.Any(line => line.StoreId is null);
        var attempts = needsAllocation ? allocation.Value.AttemptsMax : 1;
        ReservationResult result;
        var attempt = 0;
        do
        {
            attempt++;
            var (placement, refusal) = await ResolveLinesAsync(requested, request.PickupStoreId);
            if (refusal is not null)
            {
                return refusal;
            }

            result = await HoldBasketAsync(placement!, requested, request, HoldIdForAttempt(attempt));
        }

        // A store's stock or pick hour taken meanwhile (the solver's views are advisory): allocate again.
        while (result.Outcome is ReservationOutcome.InsufficientStock or ReservationOutcome.Conflict or ReservationOutcome.CannotAllocate
            && Record.Status is null && attempt < attempts);

        return result;
    }

    public async Task<ReservationResult> Confirm()
    {
        EnsureServing();
        if (Record.Status is null)
        {
            return ReservationResult.Of(ReservationOutcome.NotFound, null);
        }

        if (Record.Pending is { Kind: ReservationPendingKind.Confirm })
        {
            return await ConfirmLinesAsync();
        }

        var current = CurrentStatus();
        if (current != ReservationStatus.Held)
        {
            var outcome = current == ReservationStatus.Confirmed ? ReservationOutcome.Repeated : ReservationOutcome.Refused;
            return ReservationResult.Of(outcome, View(), outcome == ReservationOutcome.Refused ? $"reservation is {current.ToString().ToLowerInvariant()}" : null);
        }

        // Stored before the first line commits: a crash between two lines is carried through by recovery.
        Record.Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Confirm };
        await WriteAsync();
        return await ConfirmLinesAsync();
    }

    /// <summary>Commits every line (a line committed before a crash answers as already done), or frees them all.</summary>
    private async Task<ReservationResult> ConfirmLinesAsync()
    {
        var results = await Task.WhenAll(Record.Lines.Select((line, index) => Stock(line).Confirm(HoldIdOf(index))));
        if (results.All(result => result.Succeeded))
        {
            // The stock grains decided the confirm; a paid order keeps its picks (the schedules stop expiring them).
            await Task.WhenAll(Record.Picks.Select((pick, index) => Schedule(pick.StoreId).Confirm(BookingIdOf(index))));
            await SaveAsync(ReservationStatus.Confirmed);
            if (IsSolverAllocated)
            {
                await openOrders.AddAsync(tenantId, reservationId, clock.UtcNow, CancellationToken.None);
            }

            // The paid reservation is an order now: its stores list it (pick list, transfers, handover).
            await TrackOrderAsync();

            return ReservationResult.Of(ReservationOutcome.Confirmed, View());
        }

        // A line ran out first (its hold expired at its own store): the basket cannot be paid whole, so none of it stays.
        await FreeAsync(CurrentPlacement());
        await SaveAsync(ReservationStatus.Expired);
        return ReservationResult.Of(ReservationOutcome.Refused, View(), "reservation expired before the confirm");
    }

    public async Task<ReservationResult> Release()
    {
        EnsureServing();
        if (Record.Status is null)
        {
            return ReservationResult.Of(ReservationOutcome.NotFound, null);
        }

        await FinishInterruptedMoveAsync();
        if (Record.Pending is { Kind: ReservationPendingKind.Confirm })
        {
            // A confirm cut off half-way ends first, so no committed line is left behind by the release.
            await ConfirmLinesAsync();
        }

        var current = CurrentStatus();
        if (current is not (ReservationStatus.Held or ReservationStatus.Confirmed))
        {
            return ReservationResult.Of(ReservationOutcome.Repeated, View());
        }

        if (Record.PickingStarted)
        {
            return ReservationResult.Of(ReservationOutcome.Refused, View(), "the order is being fulfilled; cancel the order instead");
        }

        var results = await Task.WhenAll(Record.Lines.Select((line, index) => Stock(line).Release(HoldIdOf(index))));
        if (!results.All(result => result.Succeeded))
        {
            return ReservationResult.Of(ReservationOutcome.Refused, View(), "some lines were already picked");
        }

        await Task.WhenAll(Record.Picks.Select((pick, index) => Schedule(pick.StoreId).Release(BookingIdOf(index))));
        await SaveAsync(ReservationStatus.Released);
        if (IsSolverAllocated)
        {
            await openOrders.RemoveAsync(tenantId, reservationId, CancellationToken.None);
        }
        return ReservationResult.Of(ReservationOutcome.Released, View());
    }

    public Task<FulfilmentPlacement?> GetFulfilment()
    {
        EnsureServing();
        return Task.FromResult(Record.Status is null ? null : Fulfilment());
    }

    public async Task<FulfilmentPlacement?> StartFulfilment()
    {
        EnsureServing();
        if (Record.Status is null)
        {
            return null;
        }

        await FinishInterruptedMoveAsync();
        if (Record.Pending is { Kind: ReservationPendingKind.Confirm })
        {
            await ConfirmLinesAsync();
        }

        if (CurrentStatus() == ReservationStatus.Confirmed && !Record.PickingStarted)
        {
            Record.PickingStarted = true;
            await WriteAsync();
        }

        return Fulfilment();
    }

    private FulfilmentPlacement Fulfilment() => new(
        CurrentStatus(), Record.PickupStoreId, Record.CreatedAt, Record.ReadyBy, Record.Lines,
        [.. Record.Lines.Select((_, index) => HoldIdOf(index))], Record.Picks, Record.PickingStarted);

    /// <summary>Lists the paid order at its source and pickup stores. The index is advisory: each answer asks the order.</summary>
    private Task TrackOrderAsync() =>
        Task.WhenAll(Record.Lines.Select(line => line.StoreId).Append(Record.PickupStoreId ?? Record.Lines[0].StoreId).Distinct(StringComparer.Ordinal)
            .Select(storeId => GrainFactory.GetGrain<IStoreOrdersGrain>(new StoreKey(tenantId, storeId).ToGrainKey()).Track(reservationId)));

    public Task<ReservationView?> Get()
    {
        EnsureServing();
        return Task.FromResult(Record.Status is null ? null : View());
    }

    public async Task<ReservationResult> Recover()
    {
        EnsureServing();
        await FinishInterruptedMoveAsync();
        switch (Record.Pending)
        {
            case { Kind: ReservationPendingKind.Reserve } basket when Record.Status is null:
                await AbandonBasketAsync(basket.Lines);
                break;
            case { Kind: ReservationPendingKind.Confirm }:
                await ConfirmLinesAsync();
                break;
        }

        return ReservationResult.Of(ReservationOutcome.Repeated, Record.Status is null ? null : View());
    }

    /// <summary>A basket cut off while its lines were being held: whatever any attempt held is released, and it is rejected.</summary>
    private async Task AbandonBasketAsync(List<ReservationLine> intendedLines)
    {
        var attemptIds = Enumerable.Range(1, allocation.Value.AttemptsMax).Select(HoldIdForAttempt).ToList();
        await Task.WhenAll(intendedLines.SelectMany(line => attemptIds.Select(holdId => Stock(line).Release(holdId))));
        await ReleasePicksAsync(intendedLines.Select(line => line.StoreId));
        Record.Lines = [.. intendedLines];
        Record.Requested = BasketLines.Normalize(intendedLines.Select(line => new RequestedLine(line.Sku, line.Quantity, line.StoreId)));
        Record.CreatedAt = clock.UtcNow;
        Record.ExpiresAt = Record.CreatedAt;
        await SaveAsync(ReservationStatus.Rejected);
    }

    /// <summary>Lines with a store are taken as asked; the others are allocated by the solver for the pickup store.</summary>
    private async Task<(Placement? Placement, ReservationResult? Refusal)> ResolveLinesAsync(List<RequestedLine> requested, string? pickupStoreId)
    {
        var chosen = requested.Where(line => line.StoreId is not null).Select(line => new ReservationLine(line.Sku, line.StoreId!, line.Quantity));
        var open = requested.Where(line => line.StoreId is null).ToList();
        if (open.Count == 0)
        {
            return (new Placement(BasketLines.Normalize(chosen), [], null), null);
        }

        Invariant.Require(pickupStoreId is not null, $"reservation {reservationId}: lines without a store need a pickup store");
        var order = new Order(reservationId, pickupStoreId!, open.Select(line => new OrderLine(line.Sku, line.Quantity)).ToList(), clock.UtcNow);
        var (plan, picks) = await allocator.AllocateAsync(tenantId, order, CancellationToken.None);
        if (plan.Status != OrderStatus.Allocated)
        {
            var outcome = plan.Status == OrderStatus.OutOfStock ? ReservationOutcome.InsufficientStock : ReservationOutcome.CannotAllocate;
            return (null, new ReservationResult(outcome, null, [], $"{plan.Status}: {plan.Reason}", plan.EarliestPossibleReadyAt));
        }

        var allocated = plan.Lines.SelectMany(line => line.Sources.Select(source => new ReservationLine(line.Sku, source.LocationId, source.Quantity)));
        return (new Placement(BasketLines.Normalize(chosen.Concat(allocated)), picks, plan.ReadyBy), null);
    }

    private async Task<ReservationResult> HoldBasketAsync(Placement placement, List<RequestedLine> requested, ReservationRequest request, string holdId)
    {
        var isBasket = placement.Lines.Count > 1;
        if (isBasket)
        {
            // Stored before the first line is held: a crash half-way is undone by recovery.
            Record.Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Reserve, Lines = placement.Lines };
            await WriteAsync();
        }

        var now = clock.UtcNow;
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(now.AddSeconds(request.TtlSeconds).ToUnixTimeMilliseconds());
        var result = await BookPicksAsync(placement.Picks, deadline) is { } full
            ? full
            : await HoldAllAsync(placement, requested, request, now, deadline, holdId);
        if (Record.Pending is not null && Record.Status is null)
        {
            // Nothing is held and nothing was remembered: the id stays free for a retry once stock arrives.
            await RemoveAsync();
        }

        return result;
    }

    /// <summary>Books every planned pick, or none: null when all are booked, else the refusal (the booked ones are freed).</summary>
    private async Task<ReservationResult?> BookPicksAsync(IReadOnlyList<PlannedPick> picks, DateTimeOffset deadline)
    {
        var results = await Task.WhenAll(picks.Select(pick => Schedule(pick.StoreId).Book(new PickBookingRequest(reservationId, pick.HourStart, pick.PicksMax, deadline))));
        if (results.All(result => result.IsBooked))
        {
            return null;
        }

        await ReleasePicksAsync(picks.Where((_, index) => results[index].IsBooked).Select(pick => pick.StoreId));
        var refused = picks.Select((pick, index) => (pick, result: results[index])).First(item => !item.result.IsBooked);
        Invariant.Require(refused.result.Outcome == PickBookingOutcome.Full, $"reservation {reservationId}: the solver planned a pick the schedule of {refused.pick.StoreId} calls invalid: {refused.result.Reason}");
        return ReservationResult.Of(ReservationOutcome.CannotAllocate, null, $"pick capacity of {refused.pick.StoreId} at {refused.pick.HourStart:u} was taken meanwhile");
    }

    private Task ReleasePicksAsync(IEnumerable<string> storeIds) =>
        Task.WhenAll(storeIds.Distinct(StringComparer.Ordinal).Select(storeId => Schedule(storeId).Release(reservationId)));

    private async Task<ReservationResult> HoldAllAsync(
        Placement placement, List<RequestedLine> requested, ReservationRequest request, DateTimeOffset now, DateTimeOffset deadline, string holdId)
    {
        var (lines, picks, readyBy) = placement;
        var results = await Task.WhenAll(lines.Select(line => Stock(line).Hold(new HoldRequest(holdId, line.Quantity, request.TtlSeconds, deadline))));
        Record.HoldIds = holdId == reservationId ? [] : [.. lines.Select(_ => holdId)];
        Record.Lines = lines;
        Record.Picks = [.. picks];
        Record.Requested = requested;
        Record.TtlSeconds = request.TtlSeconds;
        Record.PickupStoreId = request.PickupStoreId;
        Record.ReadyBy = readyBy;
        Record.CreatedAt = now;
        if (results.All(result => result.IsHeld))
        {
            // A retry after a crash finds lines already held: the earliest original deadline binds the basket.
            Record.ExpiresAt = results.Min(result => result.ExpiresAt ?? deadline);
            await SaveAsync(ReservationStatus.Held);
            return ReservationResult.Of(ReservationOutcome.Held, View());
        }

        await Task.WhenAll(lines.Where((_, index) => results[index].IsHeld).Select(line => Stock(line).Release(holdId)));
        await ReleasePicksAsync(picks.Select(pick => pick.StoreId));
        var shortages = lines.Select((line, index) => (line, index, result: results[index]))
            .Where(item => item.result.Outcome == HoldOutcome.InsufficientStock)
            .Select(item => new LineShortage(item.index, item.line.Sku, item.line.StoreId, item.line.Quantity, item.result.Available))
            .ToList();
        if (results.Any(result => result.IsHeld) && requested.All(line => line.StoreId is not null))
        {
            // Some stock grain saw this id; it cannot be held again there, so the rejection is final and remembered.
            Record.ExpiresAt = now;
            await SaveAsync(ReservationStatus.Rejected);
        }

        return shortages.Count > 0
            ? new ReservationResult(ReservationOutcome.InsufficientStock, null, shortages, "not every line could be held; nothing is held")
            : ReservationResult.Of(ReservationOutcome.Conflict, null, $"reservation id '{reservationId}' was used before at one of the stores");
    }

    /// <summary>
    /// A later allocation attempt holds under an id of its own: a stock grain refuses an id it has seen released, and
    /// the new plan may well use a store the failed attempt held at. The first attempt (and every retry of the whole
    /// request by the caller) uses the reservation id, so a retry after a crash finds its holds again.
    /// </summary>
    private string HoldIdForAttempt(int attempt) => attempt == 1 ? reservationId : $"{reservationId}~a{attempt}";

    /// <summary>Settles the reservation in <paramref name="status"/>: its pending work, if any, is done.</summary>
    private async Task SaveAsync(ReservationStatus status)
    {
        Record.Status = status;
        Record.Pending = null;
        await WriteAsync();
    }

    /// <summary>Stores the record as it is now, as pending while started work is unfinished.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await records.WriteAsync(recordKey, Record, Record.HasUnfinishedWork ? StorageNames.PendingStatus : Record.Status?.ToString());
        }
        catch (LedgerWriteFailedException)
        {
            Fail();
            throw;
        }
    }

    private async Task RemoveAsync()
    {
        try
        {
            await records.RemoveAsync(recordKey);
            Record = new ReservationState();
        }
        catch (LedgerWriteFailedException)
        {
            Fail();
            throw;
        }
    }

    /// <summary>Memory may now differ from what is stored: stop serving and reload on the next call.</summary>
    private void Fail()
    {
        failed = true;
        DeactivateOnIdle();
    }

    private void EnsureServing()
    {
        if (failed)
        {
            throw new LedgerWriteFailedException($"reservation {reservationId} lost a write and is reloading; retry");
        }
    }

    private bool IsSolverAllocated => Record.Picks.Count > 0 && Record.Requested.All(line => line.StoreId is null);

    private string HoldIdOf(int line) => Record.HoldIds.Count == 0 ? reservationId : Record.HoldIds[line];

    private string BookingIdOf(int pick) => Record.BookingIds.Count == 0 ? reservationId : Record.BookingIds[pick];

    private ReservationPlacementState CurrentPlacement() => new()
    {
        Lines = [.. Record.Lines],
        HoldIds = [.. Record.Lines.Select((_, index) => HoldIdOf(index))],
        Picks = [.. Record.Picks],
        BookingIds = [.. Record.Picks.Select((_, index) => BookingIdOf(index))],
        ReadyBy = Record.ReadyBy,
    };

    /// <summary>Releases holds (a confirmed one is cancelled, its units return) and bookings; each is idempotent.</summary>
    private async Task FreeAsync(ReservationPlacementState placement)
    {
        await Task.WhenAll(placement.Lines.Select((line, index) => Stock(line).Release(placement.HoldIds[index])));
        await Task.WhenAll(placement.Picks.Select((pick, index) => Schedule(pick.StoreId).Release(placement.BookingIds[index])));
    }

    private ReservationStatus CurrentStatus() =>
        Record.Status == ReservationStatus.Held && clock.UtcNow >= Record.ExpiresAt ? ReservationStatus.Expired : Record.Status!.Value;

    private ReservationView View() =>
        new(reservationId, CurrentStatus(), Record.Lines, Record.ExpiresAt, Record.CreatedAt, Record.PickupStoreId, Record.ReadyBy);

    private IPickScheduleGrain Schedule(string storeId) => GrainFactory.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, storeId).ToGrainKey());

    private IStockGrain Stock(ReservationLine line) =>
        GrainFactory.GetGrain<IStockGrain>(new StockKey(tenantId, line.Sku, line.StoreId).ToGrainKey());

    /// <summary>Where a reservation's units come from, and for solver-sourced lines the picks to book and the promise.</summary>
    private sealed record Placement(List<ReservationLine> Lines, IReadOnlyList<PlannedPick> Picks, DateTimeOffset? ReadyBy);
}
