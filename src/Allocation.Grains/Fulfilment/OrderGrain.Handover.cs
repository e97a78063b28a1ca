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
        EnsureServing();
        var fingerprint = $"dispatch|{action.StoreId}";
        if (await BeginAsync(action.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record ?? (await CurrentAsync())!;
        var atStore = order.Lines.Where(line => line.SourceStoreId == action.StoreId).ToList();
        if (atStore.Count == 0 || action.StoreId == order.PickupStoreId)
        {
            return NotThisStore(order, action.StoreId);
        }

        if (order.IsEnded || !atStore.Any(line => line.State == OrderLineState.Picked))
        {
            var state = order.IsEnded ? order.State.ToString() : atStore[0].State.ToString();
            return Illegal(order, $"order '{orderId}' has no picked line at '{action.StoreId}' to dispatch (line {state})", state);
        }

        return await GuardAsync(async () =>
        {
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

            if (!order.Lines.Any(line => line.State is OrderLineState.Committed or OrderLineState.Picked))
            {
                order.State = OrderState.InTransit;
            }

            await CommitAsync(order, action.RequestId, fingerprint);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    public async Task<OrderActionResult> Receive(StoreAction action)
    {
        EnsureServing();
        var fingerprint = $"receive|{action.StoreId}";
        if (await BeginAsync(action.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record ?? (await CurrentAsync())!;
        if (action.StoreId != order.PickupStoreId)
        {
            return NotThisStore(order, action.StoreId);
        }

        if (!order.Lines.Any(line => line.State == OrderLineState.InTransit))
        {
            return Illegal(order, $"order '{orderId}' has nothing in transit to '{action.StoreId}'");
        }

        return await GuardAsync(async () =>
        {
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
            if (!order.IsEnded && AllAtPickupStore(order))
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
        EnsureServing();
        var fingerprint = $"ready|{action.StoreId}";
        if (await BeginAsync(action.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record ?? (await CurrentAsync())!;
        if (action.StoreId != order.PickupStoreId)
        {
            return NotThisStore(order, action.StoreId);
        }

        if (order.State is not (OrderState.Picking or OrderState.InTransit) || !AllAtPickupStore(order))
        {
            var waiting = order.Lines.FirstOrDefault(line => line.IsActive && line.State != OrderLineState.AtPickupStore);
            return Illegal(order, $"order '{orderId}' is {order.State}" + (waiting is null ? "" : $"; line {waiting.Sku}@{waiting.SourceStoreId} is {waiting.State}, not at the pickup store"));
        }

        return await GuardAsync(async () =>
        {
            BecomeReady(order);
            await CommitAsync(order, action.RequestId, fingerprint, OrderEventTypes.Ready);
            return Answer(OrderActionOutcome.Done, order);
        });
    }

    private static bool AllAtPickupStore(OrderRecord order) =>
        order.Lines.Any(line => line.IsActive) && order.Lines.Where(line => line.IsActive).All(line => line.State == OrderLineState.AtPickupStore);

    private void BecomeReady(OrderRecord order)
    {
        order.State = OrderState.Ready;
        order.ReadyAt = clock.UtcNow;
        order.CollectBy = clock.UtcNow.AddDays(options.Value.CollectByDaysDefault);
        order.PickupCode = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, OrderLimits.PickupCodeDigits)).ToString("D" + OrderLimits.PickupCodeDigits, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<OrderActionResult> Collect(CollectRequest request)
    {
        EnsureServing();
        await ExpireIfDue();
        var fingerprint = $"collect|{request.StoreId}|{request.PickupCode}";
        if (await CurrentAsync() is { } known && known.Requests.TryGetValue(request.RequestId, out var done) && done == fingerprint && known.State != OrderState.Collected)
        {
            // A repeat of a wrong code: the same answer, not counted twice.
            return CodeRefusal(known);
        }

        if (await BeginAsync(request.RequestId, fingerprint) is { } early)
        {
            return early;
        }

        var order = Record ?? (await CurrentAsync())!;
        if (request.StoreId != order.PickupStoreId)
        {
            return NotThisStore(order, request.StoreId);
        }

        if (order.State != OrderState.Ready)
        {
            return Illegal(order, $"order '{orderId}' is {order.State}; collect needs Ready");
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
