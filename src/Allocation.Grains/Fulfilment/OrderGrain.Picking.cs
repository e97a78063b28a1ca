using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;
using Allocation.Grains.Common;
using Allocation.Planning.Model;

namespace Allocation.Grains.Fulfilment;

/// <summary>Waves and picks: a wave starts picking (the order never moves again); a pick confirms a line, a short pick re-sources what is missing.</summary>
internal sealed partial class OrderGrain
{
    public async Task<OrderActionResult> StartPicking(StoreAction action)
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        var fingerprint = $"wave|{action.StoreId}";
        // The wave is remembered under an id of the service's own: a client request id can never equal it.
        var requestId = Identifiers.Derived(action.RequestId, "wave");
        if (Begin(requestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record!;
        if (OrderLifecycle.WaveRefusal(orderId, order, action.StoreId) is { } refusal)
        {
            return Refused(order, refusal);
        }

        if (!order.Lines.Any(line => OrderLifecycle.IsUnassigned(line, action.StoreId)))
        {
            return Answer(OrderActionOutcome.Repeated, order);
        }

        return await GuardAsync(async () =>
        {
            OrderLifecycle.StartWave(order, action.StoreId, action.RequestId);
            await CommitAsync(order, requestId, fingerprint);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    public async Task<OrderActionResult> ConfirmPick(PickConfirmation pick)
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        var fingerprint = $"pick|{pick.StoreId}|{pick.Sku}|{pick.QuantityFound}";
        if (Begin(pick.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record!;
        if (OrderLifecycle.PickRefusal(orderId, order, pick.StoreId, pick.Sku, pick.QuantityFound) is { } refusal)
        {
            return Refused(order, refusal);
        }

        var taken = order;
        return await GuardAsync(async () =>
        {
            var line = OrderLifecycle.LineToPick(taken, pick.StoreId, pick.Sku);
            await MarkPendingAsync(taken, new OrderPendingStep { Kind = OrderStepKind.Pick, RequestId = pick.RequestId, StoreId = pick.StoreId, Sku = pick.Sku, Quantity = pick.QuantityFound });
            var picked = await Stock(line.Sku, line.SourceStoreId).PickFound(line.HoldId, pick.QuantityFound);
            if (!picked.Succeeded)
            {
                taken.Pending = null;
                await WriteRecordAsync(taken, []);
                return Illegal(taken, $"the stock of {line.Sku} at {line.SourceStoreId} refused the pick ({picked.Outcome}, hold {picked.Status}): count the shelf first", line.State.ToString());
            }

            // Re-source before the line changes in memory: the re-sourcing stores its plan with the intent as it was.
            var missing = line.Quantity - pick.QuantityFound;
            var (outcome, replacements) = missing == 0 ? (PickOutcome.Picked, []) : await ReplaceMissingAsync(taken, line.Sku, missing);
            OrderLifecycle.ConfirmPick(taken, line, pick.QuantityFound);
            var events = new List<string>();
            if (outcome is PickOutcome.ShortLate or PickOutcome.ShortPartial)
            {
                events.Add(OrderEventTypes.Late);
            }

            if (OrderLifecycle.NothingLeft(taken))
            {
                // Nothing was found and nothing could replace it: there is nothing left to hand over.
                taken.State = OrderState.Cancelled;
                taken.ClosedAt = clock.UtcNow;
                taken.CloseReason = "nothing of the order could be found or re-sourced";
                events.Add(OrderEventTypes.Cancelled);
            }

            await CommitAsync(taken, pick.RequestId, fingerprint, [.. events]);
            return Answer(OrderActionOutcome.Done, taken) with { Pick = outcome, ShortQuantity = missing, ReallocatedLines = replacements };
        });
    }

    /// <summary>
    /// Sources the units a short pick missed: within the order's readiness window if any store can; else, per the
    /// tenant's policy, for the earliest time the network can make (late) or not at all (partial).
    /// </summary>
    private async Task<(PickOutcome Outcome, IReadOnlyList<ReservationLine> Lines)> ReplaceMissingAsync(OrderRecord order, string sku, int missing)
    {
        order.Generation++;
        var holdId = Identifiers.Derived(orderId, $"s{order.Generation}");
        // The window is the readiness promise (ready within the window of payment): a plan the solver calls allocated
        // for the order's payment time lands inside it, though maybe later than the first plan's ready-by.
        if (await SourceAsync(order, holdId, sku, missing, order.WindowStartsAt) is { } inWindow)
        {
            order.ReadyBy = Later(order.ReadyBy, inWindow.ReadyBy);
            return (PickOutcome.ShortReallocated, inWindow.Lines);
        }

        if (options.Value.ShortPickPolicy == ShortPickPolicy.Late
            && await SourceAsync(order, holdId + "l", sku, missing, clock.UtcNow) is { } late)
        {
            // A fresh window from now is the earliest the network can make: the order waits for it, flagged late.
            order.Late = true;
            order.EarliestReadyAt = late.ReadyBy;
            order.ReadyBy = Later(order.ReadyBy, late.ReadyBy);
            return (PickOutcome.ShortLate, late.Lines);
        }

        order.Partial = true;
        order.Late = true;
        return (PickOutcome.ShortPartial, []);
    }

    /// <summary>
    /// Plans the missing units as an order of their own paid at <paramref name="paidAt"/> (so its window is the
    /// order's, or a fresh one from now), then holds, commits and books them under <paramref name="holdId"/> and adds
    /// them as lines. Null when the planner finds nothing or the stores' stock or pick hours were taken meanwhile.
    /// </summary>
    private async Task<(DateTimeOffset? ReadyBy, IReadOnlyList<ReservationLine> Lines)?> SourceAsync(OrderRecord order, string holdId, string sku, int missing, DateTimeOffset paidAt)
    {
        var (plan, picks) = await allocator.AllocateAsync(tenantId, new Order(holdId, order.PickupStoreId, [new OrderLine(sku, missing)], paidAt), CancellationToken.None);
        if (plan.Status != OrderStatus.Allocated)
        {
            return null;
        }

        var lines = BasketLines.Normalize(plan.Lines.SelectMany(line => line.Sources.Select(source => new ReservationLine(line.Sku, source.LocationId, source.Quantity))));
        await StorePlanAsync(order, holdId, lines, picks.Select(pick => pick.StoreId));
        var replacement = new OrderPlacement([.. lines.Select(line => new PlacedLine(line, holdId))], [.. picks.Select(pick => new PlacedPick(pick, holdId))], plan.ReadyBy);
        if (await ClaimAsync(replacement, options.Value.ReplacementHoldSeconds) is not null)
        {
            return null;
        }

        foreach (var pick in picks)
        {
            if (!order.BookingIds.TryGetValue(pick.StoreId, out var ids))
            {
                order.BookingIds[pick.StoreId] = ids = [];
            }

            ids.Add(holdId);
        }

        foreach (var line in lines)
        {
            order.Lines.Add(new OrderLineRecord
            {
                Sku = line.Sku,
                SourceStoreId = line.StoreId,
                HoldId = holdId,
                Quantity = line.Quantity,
                PickHour = picks.FirstOrDefault(pick => pick.StoreId == line.StoreId)?.HourStart,
            });
        }

        await Task.WhenAll(lines.Select(line => StoreOrders(line.StoreId).Track(orderId)));
        return (plan.ReadyBy, lines);
    }

    /// <summary>
    /// Stores where the re-sourcing is about to act, with the step's intent (the order otherwise as stored), before it
    /// holds anything: recovery undoes exactly these before running the step again.
    /// </summary>
    private async Task StorePlanAsync(OrderRecord order, string holdId, IEnumerable<ReservationLine> lines, IEnumerable<string> pickStoreIds)
    {
        var pending = order.Pending!;
        pending.Replacement = new ReplacementPlan
        {
            HoldId = holdId,
            Lines = [.. lines.Select(line => new ReplacementStock { Sku = line.Sku, StoreId = line.StoreId })],
            PickStoreIds = [.. pickStoreIds.Distinct(StringComparer.Ordinal)],
        };
        await WriteRecordAsync(order, []);
    }

    /// <summary>Gives back whatever a re-sourcing cut off half-way held, committed or booked (every release is idempotent).</summary>
    private async Task UndoReplacementAsync(ReplacementPlan plan)
    {
        foreach (var line in plan.Lines)
        {
            var released = await Stock(line.Sku, line.StoreId).Release(plan.HoldId);
            Invariant.Require(released.Succeeded || released.Outcome == TransitionOutcome.NotFound, $"order {orderId}: replacement {plan.HoldId} at {line.StoreId} could not be undone: {released.Outcome} {released.Status}");
        }

        await Task.WhenAll(plan.PickStoreIds.Select(storeId => Schedule(storeId).Release(plan.HoldId)));
    }

    private static DateTimeOffset? Later(DateTimeOffset? first, DateTimeOffset? second) =>
        first is null ? second : second is null ? first : (first > second ? first : second);

    /// <summary>
    /// Runs a step that changes the record: if anything fails half-way, memory may be ahead of what is stored, so the
    /// activation stops serving and reloads (the stock steps done are found done by the retry).
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch
        {
            Fail();
            throw;
        }
    }
}
