using Allocation.Contracts.Orders;
using Allocation.Grains.Common;

namespace Allocation.Grains.Fulfilment;

/// <summary>
/// The order's rules, pure and cluster-free (as <c>StockBook</c> is to <c>StockGrain</c>): for each step, whether it
/// may run on the order as it stands (a refusal naming why, or null), and what it does to the record's lines and
/// state. <see cref="OrderGrain"/> is the shell: it loads, asks these rules, moves stock, writes and answers.
/// </summary>
internal static class OrderLifecycle
{
    /// <summary>A wave at <paramref name="storeId"/> may take the order: it has lines there and is paid or being picked.</summary>
    public static StepRefusal? WaveRefusal(string orderId, OrderRecord order, string storeId) =>
        order.Lines.All(line => line.SourceStoreId != storeId) ? NotThisStore(orderId, order, storeId)
        : order.State is not (OrderState.Paid or OrderState.Picking) ? Illegal($"order '{orderId}' is {order.State}; a wave takes only paid orders or orders being picked", order.State)
        : null;

    /// <summary>Committed lines at the store not yet in a wave: what a wave takes.</summary>
    public static bool IsUnassigned(OrderLineRecord line, string storeId) =>
        line.SourceStoreId == storeId && line.State == OrderLineState.Committed && line.WaveId is null;

    /// <summary>Puts the store's unassigned lines in the wave; the order is being picked.</summary>
    public static void StartWave(OrderRecord order, string storeId, string waveId)
    {
        foreach (var line in order.Lines.Where(line => IsUnassigned(line, storeId)))
        {
            line.WaveId = waveId;
        }

        order.State = OrderState.Picking;
    }

    /// <summary>A pick of <paramref name="quantityFound"/> of <paramref name="sku"/> at the store may be confirmed (0..the line's units, once).</summary>
    public static StepRefusal? PickRefusal(string orderId, OrderRecord order, string storeId, string sku, int quantityFound)
    {
        var atStore = order.Lines.Where(line => line.SourceStoreId == storeId).ToList();
        if (atStore.Count == 0)
        {
            return NotThisStore(orderId, order, storeId);
        }

        if (order.State is not (OrderState.Paid or OrderState.Picking))
        {
            return Illegal($"order '{orderId}' is {order.State}; picks are confirmed only while it is paid or being picked", order.State);
        }

        var ofSku = atStore.Where(line => line.Sku == sku).ToList();
        if (ofSku.Count == 0)
        {
            return new StepRefusal(OrderActionOutcome.Invalid, $"order '{orderId}' has no line of '{sku}' at store '{storeId}'", order.State.ToString(), "sku");
        }

        if (ofSku.FirstOrDefault(line => line.State == OrderLineState.Committed) is not { } open)
        {
            var state = ofSku[0].State.ToString();
            return new StepRefusal(OrderActionOutcome.IllegalTransition, $"the line of '{sku}' at '{storeId}' was confirmed before ({state}); a pick is confirmed once", state);
        }

        return quantityFound < 0 || quantityFound > open.Quantity
            ? new StepRefusal(OrderActionOutcome.Invalid, $"quantityFound: 0 to {open.Quantity} (the line's committed units)", order.State.ToString(), "quantityFound")
            : null;
    }

    /// <summary>The open line a pick confirms (call after <see cref="PickRefusal"/> answered null).</summary>
    public static OrderLineRecord LineToPick(OrderRecord order, string storeId, string sku) =>
        order.Lines.First(line => line.SourceStoreId == storeId && line.Sku == sku && line.State == OrderLineState.Committed);

    /// <summary>
    /// The line's pick: found units picked (at the pickup store already when picked there), the rest written off; a
    /// line that found nothing is written off whole. The shell re-sources the missing units.
    /// </summary>
    public static void ConfirmPick(OrderRecord order, OrderLineRecord line, int quantityFound)
    {
        Invariant.Require(line.State == OrderLineState.Committed && quantityFound >= 0 && quantityFound <= line.Quantity, $"pick of {quantityFound} on a {line.State} line of {line.Quantity}");
        var missing = line.Quantity - quantityFound;
        line.Picked = quantityFound;
        line.WrittenOff = missing;
        line.State = quantityFound == 0 ? OrderLineState.WrittenOff
            : line.SourceStoreId == order.PickupStoreId ? OrderLineState.AtPickupStore : OrderLineState.Picked;
        order.State = order.State == OrderState.Paid ? OrderState.Picking : order.State;
    }

    /// <summary>True when nothing of the order is left to hand over (everything written off or returned).</summary>
    public static bool NothingLeft(OrderRecord order) => order.Lines.All(line => !line.IsActive);

    /// <summary>Dispatch from a source store (not the pickup store) needs a picked line there.</summary>
    public static StepRefusal? DispatchRefusal(string orderId, OrderRecord order, string storeId)
    {
        var atStore = order.Lines.Where(line => line.SourceStoreId == storeId).ToList();
        if (atStore.Count == 0 || storeId == order.PickupStoreId)
        {
            return NotThisStore(orderId, order, storeId);
        }

        if (order.IsEnded || !atStore.Any(line => line.State == OrderLineState.Picked))
        {
            var state = order.IsEnded ? order.State.ToString() : atStore[0].State.ToString();
            return new StepRefusal(OrderActionOutcome.IllegalTransition, $"order '{orderId}' has no picked line at '{storeId}' to dispatch (line {state})", state);
        }

        return null;
    }

    /// <summary>After a dispatch: in transit once no line is left to pick or dispatch.</summary>
    public static void AfterDispatch(OrderRecord order)
    {
        if (!order.Lines.Any(line => line.State is OrderLineState.Committed or OrderLineState.Picked))
        {
            order.State = OrderState.InTransit;
        }
    }

    /// <summary>Receiving at the pickup store needs a line in transit.</summary>
    public static StepRefusal? ReceiveRefusal(string orderId, OrderRecord order, string storeId) =>
        storeId != order.PickupStoreId ? NotThisStore(orderId, order, storeId)
        : !order.Lines.Any(line => line.State == OrderLineState.InTransit) ? Illegal($"order '{orderId}' has nothing in transit to '{storeId}'", order.State)
        : null;

    /// <summary>Ready needs every active line at the pickup store, while picking or in transit.</summary>
    public static StepRefusal? ReadyRefusal(string orderId, OrderRecord order, string storeId)
    {
        if (storeId != order.PickupStoreId)
        {
            return NotThisStore(orderId, order, storeId);
        }

        if (order.State is not (OrderState.Picking or OrderState.InTransit) || !AllAtPickupStore(order))
        {
            var waiting = order.Lines.FirstOrDefault(line => line.IsActive && line.State != OrderLineState.AtPickupStore);
            return Illegal($"order '{orderId}' is {order.State}" + (waiting is null ? "" : $"; line {waiting.Sku}@{waiting.SourceStoreId} is {waiting.State}, not at the pickup store"), order.State);
        }

        return null;
    }

    /// <summary>A ready order whose collect-by has passed: a no-show, to be closed and its units returned to stock.</summary>
    public static bool IsDueToExpire(OrderRecord order, DateTimeOffset now) =>
        order is { State: OrderState.Ready, CollectBy: { } collectBy } && now >= collectBy;

    public static bool AllAtPickupStore(OrderRecord order) =>
        order.Lines.Any(line => line.IsActive) && order.Lines.Where(line => line.IsActive).All(line => line.State == OrderLineState.AtPickupStore);

    /// <summary>Collect at the pickup store needs Ready (the code and its lock are the shell's, checked after).</summary>
    public static StepRefusal? CollectRefusal(string orderId, OrderRecord order, string storeId) =>
        storeId != order.PickupStoreId ? NotThisStore(orderId, order, storeId)
        : order.State != OrderState.Ready ? Illegal($"order '{orderId}' is {order.State}; collect needs Ready", order.State)
        : null;

    /// <summary>A cancel (by a store of the order, or the customer when <paramref name="storeId"/> is null) needs an order not ended.</summary>
    public static StepRefusal? CancelRefusal(string orderId, OrderRecord order, string? storeId) =>
        storeId is not null && storeId != order.PickupStoreId && order.Lines.All(line => line.SourceStoreId != storeId) ? NotThisStore(orderId, order, storeId)
        : order.IsEnded ? Illegal($"order '{orderId}' is {order.State}; only an order not yet collected, cancelled or expired can be cancelled", order.State)
        : null;

    /// <summary>Where a line's units go when the order is cancelled: back where they are.</summary>
    public static CancelReturn ReturnOnCancel(OrderLineRecord line) => line.State switch
    {
        OrderLineState.Committed => CancelReturn.ReleaseAtSource,
        OrderLineState.Picked => CancelReturn.ReceiveAtSource,
        OrderLineState.AtPickupStore => CancelReturn.ReceiveAtPickup,
        OrderLineState.InTransit => CancelReturn.OnArrival,
        _ => CancelReturn.Nothing,
    };

    /// <summary>What every stored record satisfies; a step that would break it is a bug, not an answer.</summary>
    public static void CheckInvariants(string orderId, OrderRecord order)
    {
        foreach (var line in order.Lines)
        {
            Invariant.Require(line.Picked + line.WrittenOff <= line.Quantity && line.Picked >= 0 && line.WrittenOff >= 0, $"order {orderId}: line {line.Sku}@{line.SourceStoreId} picked {line.Picked} + written off {line.WrittenOff} of {line.Quantity}");
            Invariant.Require(line.State is OrderLineState.Committed || line.Picked + line.WrittenOff == line.Quantity || line.State == OrderLineState.Returned, $"order {orderId}: line {line.Sku}@{line.SourceStoreId} is {line.State} with units unaccounted");
        }

        Invariant.Require(order.State != OrderState.Ready || (order.PickupCode is not null && order.CollectBy is not null), $"order {orderId}: ready without a code or collect-by");
        Invariant.Require(order.State != OrderState.Collected || order.Lines.All(line => !line.IsActive), $"order {orderId}: collected with lines still active");
    }

    private static StepRefusal NotThisStore(string orderId, OrderRecord order, string storeId) =>
        new(OrderActionOutcome.NotThisStore, $"order '{orderId}' has nothing to do at store '{storeId}'", order.State.ToString(), "storeId");

    private static StepRefusal Illegal(string message, OrderState state) =>
        new(OrderActionOutcome.IllegalTransition, message, state.ToString());
}

/// <summary>Why a step may not run: the outcome, a message, the state to name (order's or line's) and the field at fault.</summary>
internal sealed record StepRefusal(OrderActionOutcome Outcome, string Message, string? State, string? Field = null);

/// <summary>Where a cancelled line's units go.</summary>
internal enum CancelReturn
{
    Nothing,
    ReleaseAtSource,
    ReceiveAtSource,
    ReceiveAtPickup,
    OnArrival,
}
