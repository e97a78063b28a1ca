using Allocation.Contracts;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Allocation.Grains.Stock;

/// <summary>
/// One SKU-store. Reentrant so that many callers share one durable write: each call decides and appends its ledger
/// entry synchronously (no await between reading and changing the book, so the decision is atomic), then awaits the
/// group commit. An answer is given only once every entry it depends on is durable.
/// </summary>
[Reentrant]
internal sealed class StockGrain(
    [PersistentState(StorageNames.StockState, StorageNames.GrainStorage)] IPersistentState<StockSnapshot> snapshot,
    LedgerWriter writer,
    ILedgerStore ledger,
    ILineReservationRecords reservationRecords,
    AllocationClock clock,
    IOptions<StockOptions> options,
    ILogger<StockGrain> logger) : Grain, IStockGrain
{
    private const int ReplayPageEntries = 10_000;
    private const int SnapshotOnDeactivationEntriesMin = 100;

    /// <summary>Availability moves by more than 1/ReportChangeDivisor before the index hears of it.</summary>
    private const int ReportChangeDivisor = 10;

    private StockBook book = null!;
    private long writerEpoch;
    private Task<BatchRejections> newestAppend = Task.FromResult(BatchRejections.None);
    private long entriesSinceSnapshot;
    private bool snapshotInFlight;
    private DurableActivation activation = null!;
    private IGrainTimer? expiryTimer;
    private long armedDeadline = long.MaxValue;
    private ISkuAvailabilityGrain availabilityIndex = null!;
    private int publishedAvailable = -1;
    private Task publishing = Task.CompletedTask;
    private bool correctionDue;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = StockKey.FromGrainKey(this.GetPrimaryKeyString());
        activation = new DurableActivation(this, key.ToString());
        writerEpoch = writer.Epoch;
        book = StockBook.FromSnapshot(key, snapshot.State);
        IReadOnlyList<LedgerEntry> page;
        do
        {
            page = await ledger.ReadAsync(key, book.Sequence, ReplayPageEntries, cancellationToken);
            foreach (var entry in page)
            {
                book.Apply(entry);
                entriesSinceSnapshot++;
            }
        }
        while (page.Count == ReplayPageEntries);

        availabilityIndex = GrainFactory.GetGrain<ISkuAvailabilityGrain>(new SkuKey(key.TenantId, key.Sku).ToGrainKey());
        ExpireDueHolds();
        // Restored holds expire on time whether or not anyone calls.
        ArmExpiryTimer();
        PublishAvailability();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        expiryTimer?.Dispose();
        if (!activation.Failed && !snapshotInFlight && entriesSinceSnapshot >= SnapshotOnDeactivationEntriesMin)
        {
            await WriteSnapshotAsync();
        }
    }

    public Task<HoldResult> Hold(HoldRequest request) => Decide(now =>
    {
        var expiresAt = request.ExpiresAt?.ToUnixTimeMilliseconds() ?? now + request.TtlSeconds * 1000L;
        if (book.TryHold(request.ReservationId, request.Quantity, request.TtlSeconds, expiresAt, now, out var decision, out var entry))
        {
            Append(entry);
            ArmExpiryTimer();
        }
        else if (decision.Outcome == HoldOutcome.InsufficientStock && publishedAvailable != Math.Max(0, book.Counts.Unpromised))
        {
            // The solver chose this store on a stale view (the index hears only of changes that matter): correct it
            // before answering, so the caller's next allocation attempt plans elsewhere.
            return CorrectIndexThenAnswerAsync(decision.ToContract());
        }

        return AnswerWhenDurable(decision.ToContract());
    });

    public Task<ReservationResult?> ReserveLine(string reservationId, ReservationRequest request) => Decide(now =>
    {
        var line = request.Lines[0];
        var expiresAt = now + request.TtlSeconds * 1000L;
        if (!book.TryHold(reservationId, line.Quantity, request.TtlSeconds, expiresAt, now, out var decision, out var entry))
        {
            // Known here (a repeat, or a reservation of another body): answered by the reservation grain once what this
            // decision saw is durable, so its read finds the original's record.
            var refusal = decision.Outcome == HoldOutcome.InsufficientStock
                ? new ReservationResult(ReservationOutcome.InsufficientStock, null, [new LineShortage(0, line.Sku, book.Key.StoreId, line.Quantity, decision.Available)], "not every line could be held; nothing is held")
                : null;
            return AnswerWhenDurable(refusal);
        }

        var (createdAt, expires) = (DateTimeOffset.FromUnixTimeMilliseconds(now), DateTimeOffset.FromUnixTimeMilliseconds(expiresAt));
        var claim = reservationRecords.Claim(book.Key, reservationId, request, createdAt, expires);
        Append(entry, claim);
        ArmExpiryTimer();
        var view = new ReservationView(reservationId, ReservationStatus.Held, [new ReservationLine(book.Key.Sku, book.Key.StoreId, line.Quantity)], expires, createdAt, request.PickupStoreId);
        return AnswerClaimedAsync(reservationId, claim, ReservationResult.Of(ReservationOutcome.Held, view));
    });

    public Task<TransitionResult> Confirm(string reservationId) => Transition(reservationId, book.TryConfirm);

    public Task<TransitionResult> Release(string reservationId) => Transition(reservationId, book.TryRelease);

    public Task<TransitionResult> Pick(string reservationId) => Transition(reservationId, book.TryPick);

    public Task<TransitionResult> PickFound(string reservationId, int quantityFound) => Decide(now =>
    {
        if (book.TryPickFound(reservationId, quantityFound, now, out var decision, out var entries))
        {
            foreach (var entry in entries)
            {
                Append(entry);
            }

            if (entries.Count > 1)
            {
                // Units were found missing: the count changed, the index hears of it.
                PublishAvailability();
            }
        }

        return AnswerWhenDurable(decision.ToContract());
    });

    public async Task<MovementResult> Move(MovementRequest request)
    {
        // A document the book no longer remembers may be new or older than its memory: the ledger tells which.
        if (await Decide(_ => DocumentHistory.RepeatOfForgottenAsync(ledger, book, request, CancellationToken.None)) is { } repeat)
        {
            return repeat.ToContract();
        }

        return await Decide(now => ApplyMove(request, now));
    }

    private Task<MovementResult> ApplyMove(MovementRequest request, long now)
    {
        if (book.TryMove(request.Kind, request.Quantity, request.DocumentId, request.Reason, now, out var decision, out var entry))
        {
            Append(entry);
            // New stock may source paid orders more cheaply, and promised units found missing must be sourced elsewhere:
            // either way the tenant's re-optimisation runs soon (one-way, debounced).
            if (request.Kind == MovementKind.Receipt || book.Counts.Shortfall > 0)
            {
                _ = GrainFactory.GetGrain<IReoptimizationGrain>(book.Key.TenantId).Nudge();
            }
        }

        return AnswerWhenPublishedAsync(decision.ToContract());
    }

    public Task<StockView> GetView() =>
        Decide(_ => Task.FromResult(new StockView(book.Key, book.Counts.ToContract(), book.Sequence, book.OpenHolds)));

    public Task<HoldStatus?> GetHoldStatus(string reservationId) => Decide(_ => Task.FromResult(book.StatusOf(reservationId)));

    /// <summary>Decides a hold's change of state synchronously and answers once its entry is durable.</summary>
    private Task<TransitionResult> Transition(string reservationId, HoldTransition decide) => Decide(now =>
    {
        if (decide(reservationId, now, out var decision, out var entry))
        {
            Append(entry);
        }

        return AnswerWhenDurable(decision.ToContract());
    });

    /// <summary>
    /// The one way into the book: due holds expire, then the decision runs, synchronously (nothing interleaves between
    /// reading and changing the book). A rule that throws (a broken invariant) may have left the book ahead of the
    /// ledger, so the activation never serves or snapshots it again: it reloads what is stored.
    /// </summary>
    private T Decide<T>(Func<long, T> decide)
    {
        activation.EnsureServing();
        try
        {
            return decide(ExpireDueHolds());
        }
        catch
        {
            Fail();
            throw;
        }
    }

    /// <summary>Expires every hold past its deadline, so no answer ever counts an expired hold. Returns now.</summary>
    private long ExpireDueHolds()
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        while (book.TryExpireNext(now, out var entry))
        {
            Append(entry);
            StockMetrics.HoldsExpired.Add(1);
        }

        book.Prune(now, options.Value.FinishedRetentionMinutes * 60_000L);
        return now;
    }

    /// <param name="claim">A record stored in the entry's batch (a reservation decided here), or none.</param>
    private void Append(in LedgerEntry entry, RecordWrite? claim = null)
    {
        // The book has applied the entry already: if the writer turns it away (overload, an ended epoch), memory is
        // ahead of the ledger, so this activation stops serving and reloads. Later entries never reach the writer.
        AdoptNewEpochIfEverythingIsDurable();
        newestAppend = activation.Failed ? newestAppend
            : claim is { } record ? writer.Append(entry, record, writerEpoch)
            : writer.Append(entry, writerEpoch);
        if (newestAppend.IsFaulted)
        {
            Fail();
        }

        entriesSinceSnapshot++;
        PublishAvailability();
        var snapshotDue = entriesSinceSnapshot >= Math.Max(options.Value.SnapshotEveryEntriesMin, 2L * book.OpenHolds);
        if (snapshotDue && !snapshotInFlight)
        {
            _ = WriteSnapshotAsync();
        }
    }

    /// <summary>
    /// A batch of another grain failed and the writer's epoch moved on. If every entry this grain appended is durable
    /// (its newest append committed), nothing of its memory was lost: it carries on in the new epoch instead of
    /// reloading, so one failed batch only fails the grains that had writes in it.
    /// </summary>
    private void AdoptNewEpochIfEverythingIsDurable()
    {
        var current = writer.Epoch;
        if (current != writerEpoch && newestAppend.IsCompletedSuccessfully && !newestAppend.Result.Rejects(book.Key))
        {
            writerEpoch = current;
        }
    }

    /// <summary>
    /// Tells the SKU's availability index what this store has, for the solver. The index is advisory (every hold is
    /// decided here), so only changes that matter to a plan are reported: running out, coming back, or moving by more
    /// than a tenth. At most one report is in flight; changes meanwhile are coalesced into the next.
    /// </summary>
    private void PublishAvailability()
    {
        if (publishing.IsCompleted && (correctionDue || IsWorthReporting(Math.Max(0, book.Counts.Unpromised), publishedAvailable)))
        {
            publishing = PublishLoopAsync();
        }
    }

    /// <summary>
    /// Movements (receipts, counts, sales) are rare next to holds: they answer once the availability index has the
    /// change too, so a reservation made right after a receipt is planned with that stock.
    /// </summary>
    private async Task<MovementResult> AnswerWhenPublishedAsync(MovementResult answer)
    {
        await publishing;
        return await AnswerWhenDurable(answer);
    }

    private async Task<HoldResult> CorrectIndexThenAnswerAsync(HoldResult answer)
    {
        correctionDue = true;
        PublishAvailability();
        await publishing;
        return await AnswerWhenDurable(answer);
    }

    private static bool IsWorthReporting(int available, int published) =>
        published < 0 || (available == 0) != (published == 0) || Math.Abs(available - published) * ReportChangeDivisor > published;

    private async Task PublishLoopAsync()
    {
        try
        {
            int available;
            while (correctionDue || IsWorthReporting(available = Math.Max(0, book.Counts.Unpromised), publishedAvailable))
            {
                correctionDue = false;
                available = Math.Max(0, book.Counts.Unpromised);
                await availabilityIndex.Report(book.Key.StoreId, available, book.Sequence);
                publishedAvailable = available;
            }
        }
        catch (Exception exception)
        {
            // Advisory only: the stock grain decides every hold; the next change reports again.
            logger.LogWarning(exception, "Availability of {Key} not reported", book.Key);
        }
    }

    private async Task<T> AnswerWhenDurable<T>(T answer)
    {
        var durable = newestAppend;
        BatchRejections rejections;
        try
        {
            rejections = await durable;
        }
        catch (LedgerWriteFailedException)
        {
            Fail();
            throw;
        }

        if (rejections.Rejects(book.Key))
        {
            // The ledger refused this SKU-store's entries (only these: the rest of the batch committed).
            Fail();
            throw new LedgerWriteFailedException($"{book.Key}: the ledger refused the change; nothing was stored");
        }

        return answer;
    }

    /// <summary>
    /// Answers a reservation decided here once its hold and record are durable. A lost claim means the id has a record
    /// already (a repeat after this store forgot the hold, or another reservation's id): the hold just made is not this
    /// request's to keep, so it is released, and the reservation grain answers from the stored record (null). A crash
    /// before that release is durable leaves an unacknowledged hold that its own deadline ends.
    /// </summary>
    private async Task<ReservationResult?> AnswerClaimedAsync(string reservationId, RecordWrite claim, ReservationResult answer)
    {
        var durable = newestAppend;
        await AnswerWhenDurable(true);
        var rejections = await durable;
        var claimKey = claim.Key;
        if (!rejections.LostClaim(claim) && !rejections.Rejects(claimKey))
        {
            return answer;
        }

        await Transition(reservationId, book.TryRelease);
        if (rejections.Rejects(claimKey))
        {
            throw new LedgerWriteFailedException($"{book.Key}: the store refused the record of reservation {reservationId}; nothing is held");
        }

        return null;
    }

    /// <summary>Copies the book now, but stores the copy only once the entries it covers are durable.</summary>
    private async Task WriteSnapshotAsync()
    {
        snapshotInFlight = true;
        try
        {
            var copy = book.ToSnapshot();
            var covered = newestAppend;
            entriesSinceSnapshot = 0;
            if ((await covered).Rejects(book.Key) || activation.Failed)
            {
                return;
            }

            snapshot.State = copy;
            await snapshot.WriteStateAsync();
        }
        catch (Exception exception)
        {
            // The ledger still holds every entry: a missed snapshot only makes the next replay longer.
            logger.LogWarning(exception, "Snapshot of {Key} not written", book.Key);
        }
        finally
        {
            snapshotInFlight = false;
        }
    }

    private void ArmExpiryTimer()
    {
        var next = book.NextDeadlineUnixMilliseconds;
        if (next is not { } deadline || deadline >= armedDeadline)
        {
            return;
        }

        armedDeadline = deadline;
        var due = TimeSpan.FromMilliseconds(Math.Max(0, deadline - clock.UtcNow.ToUnixTimeMilliseconds()));
        if (expiryTimer is null)
        {
            expiryTimer = this.RegisterGrainTimer(OnExpiryTimerAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        }
        else
        {
            expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnExpiryTimerAsync(CancellationToken cancellationToken)
    {
        armedDeadline = long.MaxValue;
        if (activation.Failed)
        {
            return;
        }

        Decide(now => now);
        if (book.NextDeadlineUnixMilliseconds is null)
        {
            // Nothing left to expire: drop the timer so an idle SKU-store can be collected.
            expiryTimer?.Dispose();
            expiryTimer = null;
        }

        ArmExpiryTimer();
        await AnswerWhenDurable(true);
    }

    private void Fail()
    {
        if (activation.Fail())
        {
            logger.LogWarning("{Key} deactivates to reload after a failed ledger write", book.Key);
        }
    }

    private delegate bool HoldTransition(string reservationId, long nowMs, out TransitionDecision decision, out LedgerEntry entry);
}
