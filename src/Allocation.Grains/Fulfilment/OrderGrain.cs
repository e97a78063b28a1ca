using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Grains.Ledger;
using Allocation.Grains.Sourcing;
using Microsoft.Extensions.Options;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// A paid order from its confirmed reservation to collection, cancel or no-show. Until a store acts on it, the order
/// is its reservation seen as paid (re-optimisation may still move it); the first store step takes the reservation over
/// (it never moves or releases again) and from then the order's own record decides. Each step calls its stock grains
/// first, with ids derived from the order, line and step (each stock change happens at most once, and a retry of a
/// step cut off half-way finds them done), and then writes the record with the step's outbox events in one durable
/// write; only then it answers. A write that fails leaves no trace in memory: the activation stops serving and reloads.
/// </summary>
internal sealed partial class OrderGrain(
    GrainRecords records,
    OnlineAllocator allocator,
    IOptions<FulfilmentOptions> options,
    AllocationClock clock) : Grain, IOrderGrain
{
    private const string CancelReturnReason = "cancel-return";
    private const string NoShowReason = "no-show";

    private string tenantId = "";
    private string orderId = "";
    private RecordKey recordKey;
    private bool failed;

    /// <summary>The stored record; null while the order is still its untouched reservation.</summary>
    private OrderRecord? Record { get; set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var grainKey = this.GetPrimaryKeyString();
        (tenantId, orderId) = OrderKey.FromGrainKey(grainKey);
        recordKey = new RecordKey(new RecordOwner(StorageNames.OrderRecord, grainKey), "");
        var stored = await records.ReadAsync<OrderRecord>(recordKey.Owner);
        Record = stored.Count == 0 ? null : stored[0].Value;
    }

    public async Task<OrderView?> Get()
    {
        EnsureServing();
        await ExpireIfDue();
        return await CurrentAsync() is { } order ? View(order) : null;
    }

    public async Task<OrderActionResult> ExpireIfDue()
    {
        EnsureServing();
        await FinishPendingAsync();
        if (Record is not { State: OrderState.Ready, CollectBy: { } collectBy } order || clock.UtcNow < collectBy)
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
        EnsureServing();
        await ExpireIfDue();
        var fingerprint = $"cancel|{request.StoreId}|{request.Reason}";
        if (await BeginAsync(request.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record ?? (await CurrentAsync())!;
        if (OrderLifecycle.CancelRefusal(orderId, order, request.StoreId) is { } refusal)
        {
            return Refused(order, refusal);
        }

        if (await TakeOverAsync() is not { } taken)
        {
            return Moved();
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
        EnsureServing();
        await ExpireIfDue();
        if (await CurrentAsync() is not { } order)
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
    private async Task<OrderActionResult?> BeginAsync(string requestId, string fingerprint)
    {
        if (await CurrentAsync() is not { } order)
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

    /// <summary>The order as it stands: its record, or its paid reservation seen as an order (not taken over).</summary>
    private async Task<OrderRecord?> CurrentAsync()
    {
        if (Record is not null)
        {
            return Record;
        }

        var placement = await Reservation().GetFulfilment();
        return placement is { Status: ReservationStatus.Confirmed, Lines.Count: > 0 } ? FromPlacement(placement) : null;
    }

    /// <summary>
    /// The order's own record from here on: the reservation is taken over (never moves again). Null when it moved or
    /// ended between reading and taking over, so the step must be asked again.
    /// </summary>
    private async Task<OrderRecord?> TakeOverAsync()
    {
        if (Record is not null)
        {
            return Record;
        }

        var seen = await Reservation().GetFulfilment();
        var taken = await Reservation().StartFulfilment();
        if (taken is not { Status: ReservationStatus.Confirmed } || seen is null || !taken.Lines.SequenceEqual(seen.Lines))
        {
            return null;
        }

        Record = FromPlacement(taken);
        return Record;
    }

    private static OrderRecord FromPlacement(FulfilmentPlacement placement) => new()
    {
        BookingIds = placement.Picks.Select((pick, index) => (pick.StoreId, Id: placement.BookingIds?[index] ?? "")).Where(item => item.Id.Length > 0)
            .GroupBy(item => item.StoreId, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Select(item => item.Id).ToList(), StringComparer.Ordinal),
        State = OrderState.Paid,
        PickupStoreId = placement.PickupStoreId ?? placement.Lines[0].StoreId,
        PaidAt = placement.CreatedAt,
        ReadyBy = placement.ReadyBy,
        Lines = [.. placement.Lines.Select((line, index) => new OrderLineRecord
        {
            Sku = line.Sku,
            SourceStoreId = line.StoreId,
            HoldId = placement.HoldIds[index],
            Quantity = line.Quantity,
            PickHour = placement.Picks.FirstOrDefault(pick => pick.StoreId == line.StoreId)?.HourStart,
        })],
    };

    public async Task<OrderActionResult> Recover()
    {
        EnsureServing();
        var pending = Record?.Pending;
        await FinishPendingAsync();
        return Answer(pending is null ? OrderActionOutcome.Repeated : OrderActionOutcome.Done, Record);
    }

    /// <summary>Runs a step cut off half-way again from its stored intent, before anything else happens to the order.</summary>
    private async Task FinishPendingAsync()
    {
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
    }

    private async Task WriteRecordAsync(OrderRecord order, IReadOnlyList<OutboxEvent> events)
    {
        try
        {
            await records.WriteAsync(recordKey, order, order.Pending is null ? order.State.ToString() : StorageNames.PendingStatus, events);
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

    private OrderActionResult Moved() =>
        new(OrderActionOutcome.IllegalTransition, null, $"order '{orderId}' changed meanwhile (re-sourced or released); ask again", "Changed");

    private OrderView View(OrderRecord order) => new(
        orderId, order.State, order.PickupStoreId, order.ReadyBy, order.CollectBy, order.ReadyAt, order.ClosedAt, order.Late,
        order.EarliestReadyAt, order.Partial, order.WrongCodeAttempts, order.CodeLocked, order.Version, [.. order.Lines.Select(line => line.ToView())]);

    private IReservationGrain Reservation() => GrainFactory.GetGrain<IReservationGrain>(new ReservationKey(tenantId, orderId).ToGrainKey());

    private IStockGrain Stock(string sku, string storeId) => GrainFactory.GetGrain<IStockGrain>(new StockKey(tenantId, sku, storeId).ToGrainKey());

    private IStoreOrdersGrain StoreOrders(string storeId) => GrainFactory.GetGrain<IStoreOrdersGrain>(new StoreKey(tenantId, storeId).ToGrainKey());

    private IPickScheduleGrain Schedule(string storeId) => GrainFactory.GetGrain<IPickScheduleGrain>(new StoreKey(tenantId, storeId).ToGrainKey());

    private void Fail()
    {
        failed = true;
        Record = null;
        DeactivateOnIdle();
    }

    private void EnsureServing()
    {
        if (failed)
        {
            throw new LedgerWriteFailedException($"order {orderId} lost a write and is reloading; retry");
        }
    }
}
