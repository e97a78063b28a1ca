using Allocation.Contracts.Orders;
using Allocation.Contracts.Stock;
using System.Security.Cryptography;
using System.Text;

namespace Allocation.Grains.Fulfilment;

/// <summary>Transfers to the pickup store, ready for collection, and the handover with the pickup code.</summary>
internal sealed partial class OrderGrain
{
    public async Task<OrderActionResult> Dispatch(StoreAction action)
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        var fingerprint = $"dispatch|{action.StoreId}";
        if (Begin(action.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record!;
        if (OrderLifecycle.DispatchRefusal(orderId, order, action.StoreId) is { } refusal)
        {
            return Refused(order, refusal);
        }

        return await GuardAsync(async () =>
        {
            await MarkPendingAsync(order, new OrderPendingStep { Kind = OrderStepKind.Dispatch, RequestId = action.RequestId, StoreId = action.StoreId });
            for (var index = 0; index < order.Lines.Count; index++)
            {
                var line = order.Lines[index];
                if (line.SourceStoreId == action.StoreId && line.State == OrderLineState.Picked)
                {
                    // The units leave the source (off its on hand since the pick) and are in transit at the pickup store.
                    await MoveAsync(line.Sku, order.PickupStoreId, MovementKind.TransitDispatched, line.Picked, $"t{index}");
                    line.State = OrderLineState.InTransit;
                }
            }

            OrderLifecycle.AfterDispatch(order);

            await CommitAsync(order, action.RequestId, fingerprint);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    public async Task<OrderActionResult> Receive(StoreAction action)
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        var fingerprint = $"receive|{action.StoreId}";
        if (Begin(action.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record!;
        if (OrderLifecycle.ReceiveRefusal(orderId, order, action.StoreId) is { } refusal)
        {
            return Refused(order, refusal);
        }

        return await GuardAsync(async () =>
        {
            await MarkPendingAsync(order, new OrderPendingStep { Kind = OrderStepKind.Receive, RequestId = action.RequestId, StoreId = action.StoreId });
            for (var index = 0; index < order.Lines.Count; index++)
            {
                var line = order.Lines[index];
                if (line.State != OrderLineState.InTransit)
                {
                    continue;
                }

                await MoveAsync(line.Sku, order.PickupStoreId, MovementKind.TransitArrived, line.Picked, $"a{index}");
                line.State = OrderLineState.AtPickupStore;
                if (order.State == OrderState.Cancelled)
                {
                    // Cancelled on the road: the units arrive and are sellable here.
                    await ReturnToStockAsync(order, index, order.PickupStoreId, CancelReturnReason);
                }
            }

            var events = new List<string>();
            if (!order.IsEnded && OrderLifecycle.AllAtPickupStore(order))
            {
                BecomeReady(order);
                events.Add(OrderEventTypes.Ready);
            }

            await CommitAsync(order, action.RequestId, fingerprint, [.. events]);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    public async Task<OrderActionResult> MarkReady(StoreAction action)
    {
        activation.EnsureServing();
        await FinishPendingAsync();
        var fingerprint = $"ready|{action.StoreId}";
        if (Begin(action.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record!;
        if (OrderLifecycle.ReadyRefusal(orderId, order, action.StoreId) is { } refusal)
        {
            return Refused(order, refusal);
        }

        return await GuardAsync(async () =>
        {
            BecomeReady(order);
            await CommitAsync(order, action.RequestId, fingerprint, OrderEventTypes.Ready);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    private void BecomeReady(OrderRecord order)
    {
        order.State = OrderState.Ready;
        order.ReadyAt = clock.UtcNow;
        order.CollectBy = clock.UtcNow.AddDays(options.Value.CollectByDaysDefault);
        order.PickupCode = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, OrderLimits.PickupCodeDigits)).ToString("D" + OrderLimits.PickupCodeDigits, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<OrderActionResult> Collect(CollectRequest request)
    {
        activation.EnsureServing();
        await ExpireIfDue();
        var fingerprint = $"collect|{request.StoreId}|{request.PickupCode}";
        if (Record is { } known && known.Requests.TryGetValue(request.RequestId, out var done) && done == fingerprint && known.State != OrderState.Collected)
        {
            // A repeat of a wrong code: the same answer, not counted twice.
            return CodeRefusal(known);
        }

        if (Begin(request.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record!;
        if (OrderLifecycle.CollectRefusal(orderId, order, request.StoreId) is { } refusal)
        {
            return Refused(order, refusal);
        }

        if (order.CodeLocked)
        {
            return CodeRefusal(order);
        }

        return await GuardAsync(async () =>
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(order.PickupCode!), Encoding.ASCII.GetBytes(request.PickupCode)))
            {
                order.WrongCodeAttempts++;
                await CommitAsync(order, request.RequestId, fingerprint);
                return CodeRefusal(order);
            }

            await MarkPendingAsync(order, new OrderPendingStep { Kind = OrderStepKind.Collect, RequestId = request.RequestId, StoreId = request.StoreId, Text = request.PickupCode });
            for (var index = 0; index < order.Lines.Count; index++)
            {
                var line = order.Lines[index];
                if (line.State == OrderLineState.AtPickupStore)
                {
                    await MoveAsync(line.Sku, order.PickupStoreId, MovementKind.Handover, line.Picked, $"h{index}");
                    line.State = OrderLineState.Collected;
                }
            }

            order.State = OrderState.Collected;
            order.ClosedAt = clock.UtcNow;
            await CommitAsync(order, request.RequestId, fingerprint, OrderEventTypes.Collected);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    private OrderActionResult CodeRefusal(OrderRecord order)
    {
        var remaining = Math.Max(0, OrderLimits.PickupCodeAttemptsMax - order.WrongCodeAttempts);
        return order.CodeLocked
            ? new OrderActionResult(OrderActionOutcome.CodeLocked, View(order), $"order '{orderId}': {OrderLimits.PickupCodeAttemptsMax} wrong pickup codes; handover is locked (cancel the order or let it expire)", order.State.ToString(), "pickupCode", AttemptsRemaining: 0)
            : new OrderActionResult(OrderActionOutcome.WrongCode, View(order), $"wrong pickup code; {remaining} attempts remain", order.State.ToString(), "pickupCode", AttemptsRemaining: remaining);
    }
}
