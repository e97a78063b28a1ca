using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Sourcing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// A paid order from the confirm of its reservation to collection, cancel or no-show. The confirm opens it (its record
/// and its stores' listings in the confirm's own batch, <see cref="OrderOpening"/>); from then on only the order writes
/// its record: it is listed at its stores, moved by re-optimisation, re-sourced. Each step calls its stock grains
/// first, with ids derived from the order, line and step (each stock change happens at most once, and a retry of a
/// step cut off half-way finds them done), and then writes the record with the step's outbox events in one durable
/// write, tells its stores its new view (their lists are built from it), and only then answers. A write that fails
/// leaves no trace in memory: the activation stops serving and reloads.
/// </summary>
internal sealed partial class OrderGrain(
    GrainRecords records,
    OnlineAllocator allocator,
    IOptions<FulfilmentOptions> options,
    IOptions<ReoptimizationOptions> reoptimization,
    AllocationClock clock,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    private const string CancelReturnReason = "cancel-return";
    private const string NoShowReason = "no-show";

    private string tenantId = "";
    private string orderId = "";
    private RecordKey recordKey;
    private DurableActivation activation = null!;

    /// <summary>True until the first call after the activation's own read: until then an absent record is known fresh.</summary>
    private bool loadedFresh;

    /// <summary>The stored record; null while no confirm opened the order.</summary>
    private OrderRecord? Record { get; set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var grainKey = this.GetPrimaryKeyString();
        (tenantId, orderId) = OrderKey.FromGrainKey(grainKey);
        activation = new DurableActivation(this, $"order {orderId}");
        recordKey = RecordKeyOf(grainKey);
        var stored = await records.ReadAsync<OrderRecord>(recordKey.Owner);
        Record = stored.Count == 0 ? null : stored[0].Value;
        loadedFresh = true;
    }

    /// <summary>Where an order's record is stored; the confirm that opens the order writes it there first.</summary>
    public static RecordKey RecordKeyOf(string grainKey) => new(new RecordOwner(StorageNames.OrderRecord, grainKey), "");

    /// <summary>The record's status column: pending while a step or move is unfinished (recovery finds it), else the state.</summary>
    public static string StatusOf(OrderRecord order) => order.HasUnfinishedWork ? StorageNames.PendingStatus : order.State.ToString();

    /// <summary>
    /// The order as stored. A read writes nothing on its caller's path: a no-show whose collect-by has passed is closed
    /// by a call of its own queued behind this one (and by the expiry sweep if that call fails), so a store's lists,
    /// which ask every open order, never wait for the day's no-shows to be written. Every step (collect, cancel, pickup
    /// code) still closes a due no-show before it decides.
    /// </summary>
    public async Task<OrderView?> Get()
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        if (Record is not { } order)
        {
            return null;
        }

        if (OrderLifecycle.IsDueToExpire(order, clock.UtcNow))
        {
            GrainFactory.GetGrain<IOrderGrain>(this.GetPrimaryKeyString()).ExpireIfDue().Ignore();
        }

        return View(order);
    }

    /// <summary>
    /// Before anything reads or changes the order: a record absent when last read is read again (the confirm of its
    /// reservation opens it without this grain), and an order its confirm opened has its lines seen committed.
    /// </summary>
    private async Task LoadAsync()
    {
        var fresh = loadedFresh;
        loadedFresh = false;
        if (Record is null && !fresh)
        {
            var stored = await records.ReadAsync<OrderRecord>(recordKey.Owner);
            Record = stored.Count == 0 ? null : stored[0].Value;
        }

        if (Record is { Opening: true } opening)
        {
            await SeeOpenedAsync(opening);
        }
    }

    /// <summary>
    /// The confirm that opened the order commits its lines beside the opening record; it may have been cut off. Every
    /// line is committed here too (a stock confirm is idempotent: one already committed answers done), so the order
    /// knows it is paid whatever became of the confirm. A line that can no longer be committed (its hold lapsed or was
    /// freed) means the confirm failed and its reservation expires: the order frees what it holds and never was.
    /// </summary>
    private async Task SeeOpenedAsync(OrderRecord order)
    {
        var lines = await Task.WhenAll(order.Lines.Select(line => Stock(line.Sku, line.SourceStoreId).Confirm(line.HoldId)));
        if (lines.All(result => result.Succeeded))
        {
            await Task.WhenAll(BookedPicks(order).Select(pick => Schedule(pick.Pick.StoreId).Confirm(pick.BookingId)));
            // Stored with the next write; until then a reload sees the lines committed again.
            order.Opening = false;
            return;
        }

        await GuardAsync(async () =>
        {
            await Task.WhenAll(order.Lines.Select(line => Stock(line.Sku, line.SourceStoreId).Release(line.HoldId)));
            await Task.WhenAll(BookedPicks(order).Select(pick => Schedule(pick.Pick.StoreId).Release(pick.BookingId)));
            await records.RemoveAsync(recordKey);
            Record = null;
            return Answer(OrderActionOutcome.Done, null);
        });
    }

    public async Task<OrderActionResult> ExpireIfDue()
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        if (Record is not { } order || !OrderLifecycle.IsDueToExpire(order, clock.UtcNow))
        {
            return Answer(OrderActionOutcome.Repeated, Record);
        }

        return await GuardAsync(async () =>
        {
            await MarkPendingAsync(order, new OrderPendingStep { Kind = OrderStepKind.Expire });
            // No-show: the units are at the pickup store, staged; they go back to its sellable stock.
            for (var index = 0; index < order.Lines.Count; index++)
            {
                if (order.Lines[index].State == OrderLineState.AtPickupStore)
                {
                    await ReturnToStockAsync(order, index, order.PickupStoreId, NoShowReason);
                }
            }

            order.State = OrderState.Expired;
            order.ClosedAt = clock.UtcNow;
            order.CloseReason = NoShowReason;
            await CommitAsync(order, null, null, OrderEventTypes.Expired);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    public async Task<OrderActionResult> Cancel(CancelRequest request)
    {
        activation.EnsureServing();
        await ExpireIfDue();
        var fingerprint = $"cancel|{request.StoreId}|{request.Reason}";
        if (Begin(request.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var taken = Record!;
        if (OrderLifecycle.CancelRefusal(orderId, taken, request.StoreId) is { } refusal)
        {
            return Refused(taken, refusal);
        }

        return await GuardAsync(async () =>
        {
            await MarkPendingAsync(taken, new OrderPendingStep { Kind = OrderStepKind.Cancel, RequestId = request.RequestId, StoreId = request.StoreId, Text = request.Reason });
            await FreeUnusedBookingsAsync(taken);
            for (var index = 0; index < taken.Lines.Count; index++)
            {
                await ReturnLineOnCancelAsync(taken, index);
            }

            taken.State = OrderState.Cancelled;
            taken.ClosedAt = clock.UtcNow;
            taken.CloseReason = request.Reason;
            await CommitAsync(taken, request.RequestId, fingerprint, OrderEventTypes.Cancelled);
            return Answer(OrderActionOutcome.Done, taken);
        });
    }

    /// <summary>A source store that picked nothing of the order gets its pick capacity back (releases are idempotent).</summary>
    private Task FreeUnusedBookingsAsync(OrderRecord order) =>
        Task.WhenAll(order.BookingIds
            .Where(pair => order.Lines.Where(line => line.SourceStoreId == pair.Key).All(line => line.State == OrderLineState.Committed))
            .SelectMany(pair => pair.Value.Select(bookingId => Schedule(pair.Key).Release(bookingId))));

    /// <summary>Units return to where they are: released at the source before the pick, received back where they lie after it.</summary>
    private async Task ReturnLineOnCancelAsync(OrderRecord order, int index)
    {
        var line = order.Lines[index];
        switch (OrderLifecycle.ReturnOnCancel(line))
        {
            case CancelReturn.ReleaseAtSource:
                var released = await Stock(line.Sku, line.SourceStoreId).Release(line.HoldId);
                // Not found: released so long ago that the stock forgot it (a cancel re-run after its retention); nothing is committed.
                Invariant.Require(released.Succeeded || released.Outcome == TransitionOutcome.NotFound, $"order {orderId}: line {index} could not be released at {line.SourceStoreId}: {released.Outcome} {released.Status}");
                line.State = OrderLineState.Returned;
                break;
            case CancelReturn.ReceiveAtSource:
                await ReturnToStockAsync(order, index, line.SourceStoreId, CancelReturnReason);
                break;
            case CancelReturn.ReceiveAtPickup:
                await ReturnToStockAsync(order, index, order.PickupStoreId, CancelReturnReason);
                break;
            // On arrival: the units are on the road; they become sellable at the pickup store when it receives them.
        }
    }

    /// <summary>Puts a line's picked units back into a store's on hand (a receipt with the reason), once.</summary>
    private async Task ReturnToStockAsync(OrderRecord order, int index, string storeId, string reason)
    {
        var line = order.Lines[index];
        if (line.Picked > 0)
        {
            await MoveAsync(line.Sku, storeId, MovementKind.Receipt, line.Picked, $"r{index}", reason);
        }

        line.State = OrderLineState.Returned;
    }

    public async Task<OrderActionResult> GetPickupCode()
    {
        activation.EnsureServing();
        await ExpireIfDue();
        if (Record is not { } order)
        {
            return new OrderActionResult(OrderActionOutcome.NotFound, null, $"no order '{orderId}'");
        }

        return order is { State: OrderState.Ready, PickupCode: { } code }
            ? Answer(OrderActionOutcome.Done, order) with { PickupCode = code }
            : Illegal(order, $"order '{orderId}' is {order.State}; the pickup code exists only while it is ready");
    }

    /// <summary>
    /// Recognises a repeat or a reused request id, and an unknown order: an answer to give now, or null to go on.
    /// </summary>
    private OrderActionResult? Begin(string requestId, string fingerprint)
    {
        if (Record is not { } order)
        {
            return new OrderActionResult(OrderActionOutcome.NotFound, null, $"no paid order '{orderId}'", Field: "orderId");
        }

        if (order.Requests.TryGetValue(requestId, out var done))
        {
            return done == fingerprint
                ? Answer(OrderActionOutcome.Repeated, order)
                : new OrderActionResult(OrderActionOutcome.RequestReused, View(order), $"request '{requestId}' was used before for a different request", order.State.ToString(), "requestId");
        }

        return null;
    }

    public async Task<OrderActionResult> Recover()
    {
        activation.EnsureServing();
        await LoadAsync();
        var pending = Record?.Pending;
        await FinishPendingAsync();
        return Answer(pending is null ? OrderActionOutcome.Repeated : OrderActionOutcome.Done, Record);
    }

    /// <summary>Runs a step cut off half-way again from its stored intent, before anything else happens to the order.</summary>
    private async Task FinishPendingAsync()
    {
        await LoadAsync();
        await FinishInterruptedMoveAsync();
        if (Record?.Pending is not { } step)
        {
            return;
        }

        if (step.Replacement is { } replacement)
        {
            // A short pick's re-sourcing was cut off: undo it, so the step's re-run sources afresh and commits once.
            await UndoReplacementAsync(replacement);
        }

        Record.Pending = null;
        var result = step.Kind switch
        {
            OrderStepKind.Pick => await ConfirmPick(new PickConfirmation(step.RequestId, step.StoreId!, step.Sku!, step.Quantity)),
            OrderStepKind.Dispatch => await Dispatch(new StoreAction(step.RequestId, step.StoreId!)),
            OrderStepKind.Receive => await Receive(new StoreAction(step.RequestId, step.StoreId!)),
            OrderStepKind.Collect => await Collect(new CollectRequest(step.RequestId, step.StoreId!, step.Text!)),
            OrderStepKind.Cancel => await Cancel(new CancelRequest(step.RequestId, step.StoreId, step.Text!)),
            _ => await ExpireIfDue(),
        };
        if (!result.Succeeded && Record is { } order)
        {
            // The step no longer applies (the record moved on meanwhile): drop the intent so it is not tried forever.
            await WriteRecordAsync(order, []);
        }
    }

    /// <summary>Stores the intent of a step that is about to change stock, so a cut-off step is run again by recovery.</summary>
    private async Task MarkPendingAsync(OrderRecord order, OrderPendingStep step)
    {
        order.Pending = step;
        await WriteRecordAsync(order, []);
    }

    /// <summary>Stores the step: the record with the request remembered and its event, in one durable write.</summary>
    private async Task CommitAsync(OrderRecord order, string? requestId, string? fingerprint, params string[] eventTypes)
    {
        order.Pending = null;
        order.Version++;
        if (requestId is not null)
        {
            order.Requests[requestId] = fingerprint!;
        }

        var events = eventTypes.Select(type => OrderEvents.Create(tenantId, orderId, type, order, clock.UtcNow)).ToList();
        OrderLifecycle.CheckInvariants(orderId, order);
        await WriteRecordAsync(order, events);
        await TellStoresAsync(order, []);
        if (order.IsEnded)
        {
            // An ended order is rarely called again (a repeated step, a read): it leaves memory when this call ends,
            // not after Orleans' idle age, and a later call reloads it from its record.
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Tells the stores that list the order (its lines' and pickup store, and <paramref name="formerStoreIds"/> it has
    /// just left) its view as stored, so their lists show the step without asking the order. Awaited, so a list read
    /// after the step's answer shows it. A tell that fails is logged and changes nothing here: the step is stored, and
    /// each store asks every order again within <see cref="StoreOrderIndex.RecheckListsMax"/> of its lists.
    /// </summary>
    private async Task TellStoresAsync(OrderRecord order, IEnumerable<string> formerStoreIds)
    {
        var view = View(order);
        var storeIds = order.Lines.Select(line => line.SourceStoreId).Append(order.PickupStoreId).Concat(formerStoreIds).Distinct(StringComparer.Ordinal);
        try
        {
            await Task.WhenAll(storeIds.Select(storeId => StoreOrders(storeId).Changed(view)));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Order {OrderId} did not tell all its stores its step; their lists ask it again in turn", orderId);
        }
    }

    private async Task WriteRecordAsync(OrderRecord order, IReadOnlyList<OutboxEvent> events)
    {
        try
        {
            await records.WriteAsync(recordKey, order, StatusOf(order), events);
            Record = order;
        }
        catch (LedgerWriteFailedException)
        {
            Fail();
            throw;
        }
    }

    /// <summary>An order movement at a store, once per order, step and line (its document id), whatever the retries.</summary>
    private async Task MoveAsync(string sku, string storeId, MovementKind kind, int quantity, string step, string? reason = null)
    {
        var result = await Stock(sku, storeId).Move(new MovementRequest(kind, quantity, DocumentId(step), reason));
        Invariant.Require(result.Outcome is MovementOutcome.Applied or MovementOutcome.AlreadyApplied, $"order {orderId}: {kind} of {quantity} {sku} at {storeId} was {result.Outcome}: {result.Message}");
    }

    /// <summary>
    /// A stock document id for one step of this order, in the service's own namespace (<see cref="Identifiers.Derived"/>):
    /// no client document can take it first and block the step.
    /// </summary>
    private string DocumentId(string step) => Identifiers.Derived(orderId, step);

    private OrderActionResult Answer(OrderActionOutcome outcome, OrderRecord? order) =>
        new(outcome, order is null ? null : View(order), State: order?.State.ToString());

    private OrderActionResult Illegal(OrderRecord order, string message, string? state = null) =>
        new(OrderActionOutcome.IllegalTransition, View(order), message, state ?? order.State.ToString());

    private OrderActionResult Refused(OrderRecord order, StepRefusal refusal) =>
        new(refusal.Outcome, refusal.Outcome == OrderActionOutcome.NotThisStore ? null : View(order), refusal.Message, refusal.State, refusal.Field);

    private OrderView View(OrderRecord order) => new(
        orderId, order.State, order.PickupStoreId, order.ReadyBy, order.CollectBy, order.ReadyAt, order.ClosedAt, order.Late,
        order.EarliestReadyAt, order.Partial, order.WrongCodeAttempts, order.CodeLocked, order.Version, [.. order.Lines.Select(line => line.ToView())]);

    private IStockGrain Stock(string sku, string storeId) => GrainFactory.GetGrain<IStockGrain>(new StockKey(tenantId, sku, storeId).ToGrainKey());

    private IStoreOrdersGrain StoreOrders(string storeId) => GrainFactory.GetGrain<IStoreOrdersGrain>(new StoreKey(tenantId, storeId).ToGrainKey());

    private IPickScheduleGrain Schedule(string storeId) => GrainFactory.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, storeId).ToGrainKey());

    /// <summary>Memory may differ from what is stored: the activation stops serving and forgets its record.</summary>
    private void Fail()
    {
        activation.Fail();
        Record = null;
    }
}
