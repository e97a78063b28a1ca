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
/// no trace: the activation stops serving and the next call reloads what is stored. The reservation owns the basket
/// until payment: the confirm opens its order (same id) in the confirm's own batch, and from then on the order owns
/// it (moves, store steps, cancel); a read of a paid reservation follows its order.
/// </summary>
[CollectionAgeLimit(Minutes = IdleActivationMinutes)]
internal sealed partial class ReservationGrain(
    GrainRecords records,
    IOrderOpening orderOpening,
    OnlineAllocator allocator,
    IOptions<SourcingOptions> allocation,
    AllocationClock clock) : Grain, IReservationGrain
{
    /// <summary>
    /// A reservation is called a few times in its life (reserve, confirm or release, reads): an idle one leaves memory
    /// after this long instead of Orleans' 15-minute default, and a later call reloads it with one grouped read.
    /// </summary>
    private const int IdleActivationMinutes = 2;

    private string tenantId = "";
    private string reservationId = "";
    private RecordKey recordKey;
    private DurableActivation activation = null!;

    /// <summary>
    /// This activation knows its record: it read it, or its first reserve claimed the id (a new id is never read).
    /// Until then every call but <see cref="Reserve"/> reads it first (<see cref="EnsureLoadedAsync"/>).
    /// </summary>
    private bool loaded;

    /// <summary>The first read under way, shared by read-only calls that interleave (<see cref="Get"/>).</summary>
    private Task? loading;

    /// <summary>True until the first call after the activation's own read: until then an absent record is known fresh.</summary>
    private bool loadedFresh;

    /// <summary>No record was stored for this id when last read, and this activation wrote none since: its first write claims.</summary>
    private bool recordAbsent;

    /// <summary>Writes that settle work already answered (the final record, a paid order's listings): awaited by the next change.</summary>
    private Task settling = Task.CompletedTask;

    /// <summary>Stored pending work found on load (a reserve, confirm or release cut off), being finished (shared by concurrent readers).</summary>
    private Task? interruptedWork;

    private ReservationState Record { get; set; } = new();

    /// <summary>
    /// Reads nothing: most activations are a new id's reserve (every basket and solver-chosen reservation), which
    /// claims the id instead of reading it, so its path has no read (issue 17). Every other call loads first.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var grainKey = this.GetPrimaryKeyString();
        (tenantId, reservationId) = ReservationKey.FromGrainKey(grainKey);
        activation = new DurableActivation(this, $"reservation {reservationId}");
        recordKey = new RecordKey(new RecordOwner(StorageNames.ReservationRecord, grainKey), "");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Before any call that needs the stored record: read once per activation (the first call's read counts as
    /// fresh), and an absent record read again on later calls (<see cref="ReadAgainIfAbsentAsync"/>).
    /// </summary>
    private async Task EnsureLoadedAsync()
    {
        if (!loaded)
        {
            loading ??= LoadAsync();
            try
            {
                await loading;
            }
            catch
            {
                // A failed read is tried again by the next call.
                loading = null;
                throw;
            }
        }

        await ReadAgainIfAbsentAsync();
    }

    /// <summary>The activation's read of its record.</summary>
    private async Task LoadAsync()
    {
        var stored = await ReadStoredAsync();
        Record = stored ?? new ReservationState();
        recordAbsent = stored is null;
        loadedFresh = true;
        loaded = true;
    }

    private async Task<ReservationState?> ReadStoredAsync()
    {
        var stored = await records.ReadAsync<ReservationState>(recordKey.Owner);
        return stored.Count == 0 ? null : stored[0].Value;
    }

    /// <summary>
    /// A single-line reservation naming its store is decided and stored by its stock grain, not through this grain: a
    /// record this activation found absent may exist now. Absence is read again for each call but the first.
    /// </summary>
    private async Task ReadAgainIfAbsentAsync()
    {
        var fresh = loadedFresh;
        loadedFresh = false;
        if (fresh || Record.Status is not null || Record.HasUnfinishedWork || !settling.IsCompleted)
        {
            return;
        }

        var stored = await records.ReadAsync<ReservationState>(recordKey.Owner);
        if (stored.Count > 0 && Record.Status is null && !Record.HasUnfinishedWork)
        {
            Record = stored[0].Value;
            recordAbsent = false;
        }
    }

    /// <summary>
    /// On an activation that has not loaded its record, the reserve reads nothing: it goes straight to the holds with
    /// its intent written as a claim, and only a lost claim (the id was used) reads the record and answers from it.
    /// </summary>
    public async Task<ReservationResult> Reserve(ReservationRequest request)
    {
        activation.EnsureServing();
        await settling;
        activation.EnsureServing();
        var requested = BasketLines.Normalize(request.Lines);
        if (loaded)
        {
            await ReadAgainIfAbsentAsync();
            if (await AnswerFromRecordAsync(requested, request) is { } answer)
            {
                return answer;
            }
        }

        return await ReserveAnewAsync(requested, request);
    }

    /// <summary>
    /// The answer a decided record gives a reserve: the same request is a repeat, another one a conflict. Null when
    /// the reserve is to be run: no record, or a reserve cut off after its intent (Status still null), which is simply
    /// run again (holds are idempotent per id).
    /// </summary>
    private async Task<ReservationResult?> AnswerFromRecordAsync(List<RequestedLine> requested, ReservationRequest request)
    {
        if (Record.Status is null)
        {
            return null;
        }

        await SettleInterruptedWorkAsync();
        var same = Record.Requested.SameAs(requested) && Record.TtlSeconds == request.TtlSeconds && Record.PickupStoreId == request.PickupStoreId;
        return same
            ? ReservationResult.Of(ReservationOutcome.Repeated, await ReadViewAsync())
            : ReservationResult.Of(ReservationOutcome.Conflict, null, $"reservation '{reservationId}' was made before with a different request");
    }

    /// <summary>Allocates (if the solver chooses stores) and holds the basket, allocating again if a store was taken meanwhile.</summary>
    private async Task<ReservationResult> ReserveAnewAsync(List<RequestedLine> requested, ReservationRequest request)
    {
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
                return loaded ? refusal : await RefusedBeforeLoadAsync(requested, request, refusal);
            }

            result = await HoldBasketAsync(placement!, requested, request, HoldIdForAttempt(attempt));
        }

        // A store's stock or pick hour taken meanwhile (the solver's views are advisory): allocate again.
        while (result.Outcome is ReservationOutcome.InsufficientStock or ReservationOutcome.Conflict or ReservationOutcome.CannotAllocate
            && Record.Status is null && attempt < attempts);

        return result;
    }

    /// <summary>
    /// The solver refused a first reserve before anything was held: the units it found missing may be this id's own
    /// (a repeat after the activation left), so the stored record decides, as it would have on a loaded activation.
    /// </summary>
    private async Task<ReservationResult> RefusedBeforeLoadAsync(List<RequestedLine> requested, ReservationRequest request, ReservationResult refusal)
    {
        await EnsureLoadedAsync();
        return await AnswerFromRecordAsync(requested, request) ?? refusal;
    }

    public async Task<ReservationResult> Confirm()
    {
        await ReadyForChangeAsync();
        if (Record.Status is null)
        {
            return ReservationResult.Of(ReservationOutcome.NotFound, null);
        }

        var current = CurrentStatus();
        if (current != ReservationStatus.Held)
        {
            var outcome = current == ReservationStatus.Confirmed ? ReservationOutcome.Repeated : ReservationOutcome.Refused;
            return ReservationResult.Of(outcome, await ReadViewAsync(), outcome == ReservationOutcome.Refused ? $"reservation is {current.ToString().ToLowerInvariant()}" : null);
        }

        // Appended before the first line commits, and awaited with the lines: on one silo the lines' commits come in
        // the same batch or a later one, so one wait covers both; a crash between two lines is carried through by recovery.
        // The hand-over goes in the same batch: the order's record and its entries in its stores' indexes, so a paid
        // order exists and is listed before its answer, and exists only if its confirm was durably begun.
        Record.Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Confirm };
        return await ConfirmLinesAsync(AppendRecordOpeningOrder());
    }

    /// <summary>Commits every line (a line committed before a crash answers as already done), or frees them all.</summary>
    private async Task<ReservationResult> ConfirmLinesAsync(Task pendingDurable)
    {
        var lines = Task.WhenAll(Record.Lines.Select((line, index) => Stock(line).Confirm(HoldIdOf(index))));
        // A paid order keeps its picks (the schedules stop expiring them); a refused confirm frees them again below.
        var picks = Task.WhenAll(Record.Picks.Select(pick => Schedule(pick.StoreId).Confirm(reservationId)));
        await AwaitOrFailAsync(Task.WhenAll(lines, picks), pendingDurable);
        if (lines.Result.All(result => result.Succeeded))
        {
            // Answered now: the stored pending confirm makes recovery finish the rest if the process dies first.
            Record.Status = ReservationStatus.Confirmed;
            Record.Pending = null;
            settling = activation.SettleOrFailAsync(FinishConfirmAsync());
            return ReservationResult.Of(ReservationOutcome.Confirmed, View());
        }

        // A line ran out first (its hold expired at its own store): the basket cannot be paid whole, so none of it stays.
        // The order the confirm opened sees the same lapsed line and never was; asked now, so nothing lists it for long.
        await FreeAsync();
        await SaveAsync(ReservationStatus.Expired);
        await Order().Recover();
        return ReservationResult.Of(ReservationOutcome.Refused, View(), "reservation expired before the confirm");
    }

    /// <summary>
    /// A confirm cut off after its batch (the pending confirm with the order's opening records) was stored. The order
    /// owns the basket since that batch: it commits its lines itself, or finds one lapsed and removes itself, and may
    /// have moved on since (picked, moved), so the lines are not committed again here: still there means paid. Gone
    /// means it found a line lapsed and freed itself (or the confirm predates the hand-over): the lines are confirmed
    /// as before, which refuses and expires the basket in the first case (every release is idempotent).
    /// </summary>
    private async Task FinishHandedOverConfirmAsync()
    {
        if ((await Order().Recover()).Order is null)
        {
            await ConfirmLinesAsync(Task.CompletedTask);
            return;
        }

        Record.Status = ReservationStatus.Confirmed;
        Record.Pending = null;
        settling = activation.SettleOrFailAsync(FinishConfirmAsync());
    }

    /// <summary>Telling the order's stores (their active grains), then the final record (stored last, so it implies it).</summary>
    private async Task FinishConfirmAsync()
    {
        // The paid reservation is an order now: its stores list it (pick list, transfers, handover).
        await TrackOrderAsync();
        await AppendRecord();
    }

    public async Task<ReservationResult> Release()
    {
        await ReadyForChangeAsync();
        if (Record.Status is null)
        {
            return ReservationResult.Of(ReservationOutcome.NotFound, null);
        }

        var current = CurrentStatus();
        if (current == ReservationStatus.Confirmed)
        {
            return await CancelOrderAsync();
        }

        if (current != ReservationStatus.Held)
        {
            return ReservationResult.Of(ReservationOutcome.Repeated, View());
        }

        // As for a confirm: stored pending with the lines' releases, one wait; recovery finishes a release cut off.
        Record.Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Release };
        return await ReleaseLinesAsync(AppendRecord());
    }

    private async Task<ReservationResult> ReleaseLinesAsync(Task pendingDurable)
    {
        var lines = Task.WhenAll(Record.Lines.Select((line, index) => Stock(line).Release(HoldIdOf(index))));
        await AwaitOrFailAsync(lines, pendingDurable);
        if (!lines.Result.All(result => result.Succeeded))
        {
            // Some lines were picked meanwhile: the order owns them now; the reservation stays as it was.
            Record.Pending = null;
            await WriteAsync();
            return ReservationResult.Of(ReservationOutcome.Refused, View(), "some lines were already picked");
        }

        // Bookings only once every line is free.
        await ReleasePicksAsync(Record.Picks.Select(pick => pick.StoreId));
        Record.Status = ReservationStatus.Released;
        Record.Pending = null;
        settling = activation.SettleOrFailAsync(AppendRecord());
        return ReservationResult.Of(ReservationOutcome.Released, View());
    }

    /// <summary>
    /// A release of a paid basket is the customer's cancel of its order, which owns the basket now (its units may
    /// have moved or been picked): the order decides, and a paid reservation never changes its own record again.
    /// </summary>
    private async Task<ReservationResult> CancelOrderAsync()
    {
        var cancelled = await Order().Cancel(new CancelRequest(Identifiers.Derived(reservationId, "release"), null, "released by the customer"));
        var view = await ReadViewAsync();
        return cancelled.Outcome is OrderActionOutcome.Done or OrderActionOutcome.Repeated
            ? ReservationResult.Of(ReservationOutcome.Released, view)
            : ReservationResult.Of(ReservationOutcome.Refused, view, $"the order is {cancelled.State?.ToLowerInvariant()}: {cancelled.Message}");
    }

    /// <summary>Tells the paid order's source and pickup stores of it. The index is advisory: each answer asks the order.</summary>
    private Task TrackOrderAsync() =>
        Task.WhenAll(OrderStoreIds().Select(storeId => GrainFactory.GetGrain<IStoreOrdersGrain>(new StoreKey(tenantId, storeId).ToGrainKey()).Track(reservationId)));

    /// <summary>
    /// The hand-over: the pending confirm with the order's opening records (its record and its entries in its stores'
    /// indexes), in one batch, so the order exists exactly when its confirm was durably begun and is listed even if
    /// telling an active store grain is cut off (recovery tells it again from the pending confirm). A confirm then
    /// refused leaves an order that finds its lapsed line and removes itself, and an entry that costs a store one call.
    /// </summary>
    private Task AppendRecordOpeningOrder()
    {
        recordAbsent = false;
        var basket = new PaidBasket(
            Record.PickupStoreId ?? Record.Lines[0].StoreId, Record.CreatedAt, Record.ReadyBy, Record.Lines,
            [.. Record.Lines.Select((_, index) => HoldIdOf(index))], Record.Picks, IsSolverAllocated);
        return records.WriteAllAsync([records.Write(recordKey, Record, StatusOfRecord()), .. orderOpening.Open(tenantId, reservationId, basket)]);
    }

    private IEnumerable<string> OrderStoreIds() =>
        Record.Lines.Select(line => line.StoreId).Append(Record.PickupStoreId ?? Record.Lines[0].StoreId).Distinct(StringComparer.Ordinal);

    public async Task<ReservationView?> Get()
    {
        await EnsureLoadedAsync();
        await SettleInterruptedWorkAsync();
        activation.EnsureServing();
        return Record.Status is null ? null : await ReadViewAsync();
    }

    /// <summary>
    /// The reservation as read. Once paid, the order owns the basket, so the read follows it and never contradicts
    /// GET /orders/{id}: its state, the lines where its units are now (less what a short pick wrote off, plus what
    /// re-sourcing added), its promise, and Released once the order was cancelled.
    /// </summary>
    private async Task<ReservationView> ReadViewAsync()
    {
        var view = View();
        if (Record.Status != ReservationStatus.Confirmed || await Order().Get() is not { } order)
        {
            return view;
        }

        var lines = order.Lines.Where(line => line.Quantity > line.WrittenOff)
            .Select(line => new ReservationLine(line.Sku, line.SourceStoreId, line.Quantity - line.WrittenOff));
        return view with
        {
            Status = order.State == OrderState.Cancelled ? ReservationStatus.Released : ReservationStatus.Confirmed,
            Lines = BasketLines.Normalize(lines),
            ReadyBy = order.ReadyBy,
            OrderState = order.State,
        };
    }

    public async Task<ReservationResult> Recover()
    {
        await ReadyForChangeAsync();
        await settling;
        return ReservationResult.Of(ReservationOutcome.Repeated, Record.Status is null ? null : View());
    }

    /// <summary>
    /// Before a change: the previous answered work is settled (or its failure stops this activation), and work a crash
    /// or a lost write cut off is finished.
    /// </summary>
    private async Task ReadyForChangeAsync()
    {
        activation.EnsureServing();
        await settling;
        activation.EnsureServing();
        await EnsureLoadedAsync();
        await SettleInterruptedWorkAsync();
    }

    /// <summary>
    /// Pending work found stored (the caller may have been answered already: answers wait for the pending record and
    /// the lines, not for the final record) is finished before anything reads or changes the reservation.
    /// </summary>
    private Task SettleInterruptedWorkAsync()
    {
        if (interruptedWork is { IsCompleted: false })
        {
            return interruptedWork;
        }

        return Record.Pending is null ? Task.CompletedTask : interruptedWork = FinishInterruptedWorkAsync();
    }

    private async Task FinishInterruptedWorkAsync()
    {
        switch (Record.Pending)
        {
            case { } when Record.IsReserveIntent:
                await FinishOrAbandonReserveAsync();
                break;
            case { Kind: ReservationPendingKind.Confirm }:
                await FinishHandedOverConfirmAsync();
                break;
            case { Kind: ReservationPendingKind.Release }:
                await ReleaseLinesAsync(Task.CompletedTask);
                break;
        }

        await settling;
        activation.EnsureServing();
    }

    /// <summary>
    /// A reserve whose intent is stored but not its outcome: the caller may have been answered (every hold and booking
    /// was durable with the intent) or not. If every line's hold exists, it is finished as held, so an answered
    /// reservation is never lost; otherwise whatever was held is released and it is rejected.
    /// </summary>
    private async Task FinishOrAbandonReserveAsync()
    {
        var intent = Record;
        var holdIds = intent.HoldIds.Count == 0 ? [.. intent.Lines.Select(_ => reservationId)] : intent.HoldIds;
        var statuses = await Task.WhenAll(intent.Lines.Select((line, index) => Stock(line).GetHoldStatus(holdIds[index])));
        if (intent.Lines.Count > 0 && statuses.All(status => status is HoldStatus.Held or HoldStatus.Expired or HoldStatus.Committed))
        {
            intent.Status = ReservationStatus.Held;
            intent.Pending = null;
            await WriteAsync();
        }
        else
        {
            await AbandonBasketAsync(intent.Pending!.Lines);
        }
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

    /// <summary>
    /// Holds every line and books every pick, in parallel, with the intent appended first: on one silo the holds' and
    /// bookings' commits come in the intent's batch or a later one, so the answer waits for one batch. The final
    /// record follows off the answer's path; until it is durable the stored intent lets recovery finish the work.
    /// </summary>
    private async Task<ReservationResult> HoldBasketAsync(Placement placement, List<RequestedLine> requested, ReservationRequest request, string holdId)
    {
        var now = clock.UtcNow;
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(now.AddSeconds(request.TtlSeconds).ToUnixTimeMilliseconds());
        var (lines, picks, readyBy) = placement;
        Record = new ReservationState
        {
            Lines = lines,
            Picks = [.. picks],
            HoldIds = holdId == reservationId ? [] : [.. lines.Select(_ => holdId)],
            Requested = requested,
            TtlSeconds = request.TtlSeconds,
            PickupStoreId = request.PickupStoreId,
            ReadyBy = readyBy,
            CreatedAt = now,
            ExpiresAt = deadline,
            Pending = new ReservationPendingWork { Kind = ReservationPendingKind.Reserve, Lines = lines },
        };
        // An id with no record, or not read yet, is claimed: a single-line reservation its stock grain decided may
        // take it meanwhile, and an id not read may have been used before (the claim is then lost).
        var claimed = recordAbsent || !loaded ? ClaimRecord() : null;
        loaded = true;
        var intentDurable = claimed ?? AppendRecord();
        var booked = Task.WhenAll(picks.Select(pick => Schedule(pick.StoreId).Book(new PickBookingRequest(reservationId, pick.HourStart, pick.PicksMax, deadline))));
        var held = Task.WhenAll(lines.Select(line => Stock(line).Hold(new HoldRequest(holdId, line.Quantity, request.TtlSeconds, deadline))));
        await AwaitOrFailAsync(Task.WhenAll(booked, held), intentDurable);
        var answers = new LineAnswers(booked.Result, held.Result, now, deadline);
        return claimed is { Result: false }
            ? await AnswerLostClaimAsync(placement, requested, request, holdId, answers)
            : await SettleHeldBasketAsync(placement, requested, holdId, answers);
    }

    /// <summary>Settles a basket from its lines' answers: held whole (the final record follows off the answer's path), or refused.</summary>
    private async Task<ReservationResult> SettleHeldBasketAsync(Placement placement, List<RequestedLine> requested, string holdId, LineAnswers answers)
    {
        var (lines, picks, _) = placement;
        var (bookings, holds, now, deadline) = answers;
        if (bookings.All(result => result.IsBooked) && holds.All(result => result.IsHeld))
        {
            // A retry after a crash finds lines already held: the earliest original deadline binds the basket.
            Record.ExpiresAt = holds.Min(result => result.ExpiresAt ?? deadline);
            Record.Status = ReservationStatus.Held;
            Record.Pending = null;
            settling = activation.SettleOrFailAsync(AppendRecord());
            return ReservationResult.Of(ReservationOutcome.Held, View());
        }

        await Task.WhenAll(lines.Where((_, index) => holds[index].IsHeld).Select(line => Stock(line).Release(holdId)));
        await ReleasePicksAsync(picks.Where((_, index) => bookings[index].IsBooked).Select(pick => pick.StoreId));
        return await RefuseAsync(placement, requested, bookings, holds, now);
    }

    /// <summary>
    /// The id had a record when the intent was claimed: a repeat of a reserve made before this activation, another
    /// body under a used id, an intent a crash cut off, or a single-line reservation its stock grain decided meanwhile.
    /// The stored record is read and answers as it would have on a loaded activation. A stored intent is run over as
    /// a loaded activation would run it again: this request's holds are kept, since they are that intent's holds
    /// (same id), and a stock grain refuses an id it has released. If every hold was there before this request, the
    /// intent's own attempt held the whole basket and its caller may have been answered: the answer is a repeat, as
    /// on an activation that finished the intent on load. A decided record keeps what it holds: only what this
    /// request newly held or booked is freed first (see <see cref="UndoLostClaimAsync"/>).
    /// </summary>
    private async Task<ReservationResult> AnswerLostClaimAsync(
        Placement placement, List<RequestedLine> requested, ReservationRequest request, string holdId, LineAnswers answers)
    {
        var intent = Record;
        var stored = await LoadAfterLostClaimAsync(placement, holdId, answers);
        if (stored is { IsReserveIntent: true })
        {
            Record = intent;
            await WriteAsync();
            var settled = await SettleHeldBasketAsync(placement, requested, holdId, answers);
            return settled.Outcome == ReservationOutcome.Held && answers.Holds.All(hold => hold.Outcome == HoldOutcome.AlreadyHeld)
                ? settled with { Outcome = ReservationOutcome.Repeated }
                : settled;
        }

        Record = stored;
        return await AnswerFromRecordAsync(requested, request)
            ?? throw new InvalidOperationException($"reservation {reservationId}: a lost claim left a record that is neither decided nor a reserve's intent");
    }

    /// <summary>
    /// Reads the record that won the claim; for anything but a stored intent, frees this request's new holds first.
    /// No record at all (removed meanwhile) is doubtful: the activation stops serving and the caller retries. Any
    /// failure stops the activation too: memory holds an intent that was not stored.
    /// </summary>
    private async Task<ReservationState> LoadAfterLostClaimAsync(Placement placement, string holdId, LineAnswers answers)
    {
        try
        {
            var stored = await ReadStoredAsync();
            if (stored is not { IsReserveIntent: true })
            {
                await UndoLostClaimAsync(placement.Lines, placement.Picks, holdId, answers);
            }

            if (stored is null || (stored.Status is null && !stored.IsReserveIntent))
            {
                activation.Fail();
                activation.EnsureServing();
            }

            (loadedFresh, recordAbsent) = (false, false);
            return stored!;
        }
        catch
        {
            activation.Fail();
            throw;
        }
    }

    /// <summary>
    /// After a lost claim, frees only what this request newly held or booked: <see cref="HoldOutcome.Held"/> means the
    /// stock grain had no hold under this id and made one now, so it is this request's (a hold of the stored
    /// reservation answers <see cref="HoldOutcome.AlreadyHeld"/>, or <see cref="HoldOutcome.Conflict"/> once ended or
    /// for another quantity; one pruned long after it ended has nothing left to free). Likewise for bookings. A crash
    /// before the frees leaves unacknowledged holds that end at their deadline.
    /// </summary>
    private async Task UndoLostClaimAsync(List<ReservationLine> lines, IReadOnlyList<PlannedPick> picks, string holdId, LineAnswers answers)
    {
        await Task.WhenAll(lines.Where((_, index) => answers.Holds[index].Outcome == HoldOutcome.Held).Select(line => Stock(line).Release(holdId)));
        await ReleasePicksAsync(picks.Where((_, index) => answers.Bookings[index].Outcome == PickBookingOutcome.Booked).Select(pick => pick.StoreId));
    }

    /// <summary>Settles a refused basket (nothing of it stays held) and answers why.</summary>
    private async Task<ReservationResult> RefuseAsync(Placement placement, List<RequestedLine> requested, PickBookingResult[] bookings, HoldResult[] holds, DateTimeOffset now)
    {
        if (holds.Any(result => result.IsHeld) && requested.All(line => line.StoreId is not null))
        {
            // Some stock grain saw this id; it cannot be held again there, so the rejection is final and remembered.
            Record.ExpiresAt = now;
            await SaveAsync(ReservationStatus.Rejected);
        }
        else
        {
            // Nothing is held and nothing is remembered: the id stays free for a retry once stock arrives. The
            // removal settles off the answer's path; if it is lost, recovery finds the intent and rejects it.
            // recordAbsent stays false: the removal may share a batch with the next attempt's write, which must not be
            // a claim (PostgreSQL runs a batch's claims before its removals).
            Record = new ReservationState();
            settling = activation.SettleOrFailAsync(records.RemoveAsync(recordKey));
        }

        var full = placement.Picks.Select((pick, index) => (pick, result: bookings[index])).FirstOrDefault(item => !item.result.IsBooked);
        if (full.result is { } refusedBooking)
        {
            Invariant.Require(refusedBooking.Outcome == PickBookingOutcome.Full, $"reservation {reservationId}: the solver planned a pick the schedule of {full.pick.StoreId} calls invalid: {refusedBooking.Reason}");
            return ReservationResult.Of(ReservationOutcome.CannotAllocate, null, $"pick capacity of {full.pick.StoreId} at {full.pick.HourStart:u} was taken meanwhile");
        }

        var shortages = placement.Lines.Select((line, index) => (line, index, result: holds[index]))
            .Where(item => item.result.Outcome == HoldOutcome.InsufficientStock)
            .Select(item => new LineShortage(item.index, item.line.Sku, item.line.StoreId, item.line.Quantity, item.result.Available))
            .ToList();
        return shortages.Count > 0
            ? new ReservationResult(ReservationOutcome.InsufficientStock, null, shortages, "not every line could be held; nothing is held")
            : ReservationResult.Of(ReservationOutcome.Conflict, null, $"reservation id '{reservationId}' was used before at one of the stores");
    }

    private Task ReleasePicksAsync(IEnumerable<string> storeIds) =>
        Task.WhenAll(storeIds.Distinct(StringComparer.Ordinal).Select(storeId => Schedule(storeId).Release(reservationId)));

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

    /// <summary>Stores the record as it is now, as pending while started work is unfinished, and waits until it is durable.</summary>
    private Task WriteAsync() => activation.WriteOrFailAsync(AppendRecord());

    /// <summary>Appends the record as it is now (copied at once); the task completes when it is durable.</summary>
    private Task AppendRecord()
    {
        recordAbsent = false;
        return records.WriteAsync(recordKey, Record, StatusOfRecord());
    }

    /// <summary>As <see cref="AppendRecord"/>, stored only if the id still has no record; answers whether it was.</summary>
    private Task<bool> ClaimRecord()
    {
        recordAbsent = false;
        return records.ClaimAsync(recordKey, Record, StatusOfRecord()!);
    }

    private string? StatusOfRecord() => Record.HasUnfinishedWork ? StorageNames.PendingStatus : Record.Status?.ToString();

    /// <summary>
    /// Awaits a change's grain calls together with its own pending record (one wait on one silo). Any failure means
    /// memory may differ from what is stored: this activation stops serving and the next call reloads.
    /// </summary>
    private Task AwaitOrFailAsync(Task calls, Task pendingDurable) => activation.WriteOrFailAsync(Task.WhenAll(calls, pendingDurable));

    private bool IsSolverAllocated => Record.Picks.Count > 0 && Record.Requested.All(line => line.StoreId is null);

    private string HoldIdOf(int line) => Record.HoldIds.Count == 0 ? reservationId : Record.HoldIds[line];

    /// <summary>Releases the holds (a confirmed one is cancelled, its units return) and bookings; each is idempotent.</summary>
    private async Task FreeAsync()
    {
        await Task.WhenAll(Record.Lines.Select((line, index) => Stock(line).Release(HoldIdOf(index))));
        await ReleasePicksAsync(Record.Picks.Select(pick => pick.StoreId));
    }

    private ReservationStatus CurrentStatus() =>
        Record.Status == ReservationStatus.Held && clock.UtcNow >= Record.ExpiresAt ? ReservationStatus.Expired : Record.Status!.Value;

    private ReservationView View() =>
        new(reservationId, CurrentStatus(), Record.Lines, Record.ExpiresAt, Record.CreatedAt, Record.PickupStoreId, Record.ReadyBy);

    private IOrderGrain Order() => GrainFactory.GetGrain<IOrderGrain>(new OrderKey(tenantId, reservationId).ToGrainKey());

    private IPickScheduleGrain Schedule(string storeId) => GrainFactory.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, storeId).ToGrainKey());

    private IStockGrain Stock(ReservationLine line) =>
        GrainFactory.GetGrain<IStockGrain>(new StockKey(tenantId, line.Sku, line.StoreId).ToGrainKey());

    /// <summary>Where a reservation's units come from, and for solver-sourced lines the picks to book and the promise.</summary>
    private sealed record Placement(List<ReservationLine> Lines, IReadOnlyList<PlannedPick> Picks, DateTimeOffset? ReadyBy);

    /// <summary>What a basket's pick schedules and stock grains answered, with the time it was asked and its deadline.</summary>
    private sealed record LineAnswers(PickBookingResult[] Bookings, HoldResult[] Holds, DateTimeOffset Now, DateTimeOffset Deadline);
}
