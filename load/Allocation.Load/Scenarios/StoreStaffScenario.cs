using Allocation.Client.Orders;
using Allocation.Client.Stores;
using Allocation.Load.Invariants;
using Allocation.Load.Scheduling;
using Allocation.Load.Service;

namespace Allocation.Load.Scenarios;

/// <summary>
/// Store staff, one visit of one store per iteration (closed model: the profile's virtual users are the staff on the
/// floor; stores with work are taken round-robin from the roster, never two staff at one store). A visit: finish the
/// store's open wave or start the next one (one wave in hand at a time: the store's pick capacity, at most the
/// service's WaveOrdersMax orders), pick its lines product by product (a share short, a share after a till sold at
/// the SKU-store first), dispatch what was picked for elsewhere and receive what arrived, mark ready the orders whose
/// every unit is here, then work the handover list: customers who come present the pickup code checkout read for
/// them, some cancel, and some never come and are cancelled as no-shows once the compressed collect-by has passed.
/// </summary>
public sealed class StoreStaffScenario(string name, ScenarioContext context, IStoreOperations store, ShopFloorDecisions decisions) : IScenario
{
    public const string PickListStep = "pick-list";
    public const string WaveStep = "wave";
    public const string PickStep = "pick";
    public const string ShortPickStep = "short-pick";
    public const string TillSaleStep = "till-sale";
    public const string DisagreedPickStep = "disagreed-pick";
    public const string TransfersStep = "transfers";
    public const string DispatchStep = "dispatch";
    public const string ReceiveStep = "receive";
    public const string ReadyStep = "ready";
    public const string HandoverListStep = "handover-list";
    public const string PickupCodeStep = "pickup-code";
    public const string CollectStep = "collect";
    public const string CustomerCancelStep = "customer-cancel";
    public const string NoShowStep = "no-show";

    /// <summary>The routes a visit uses ("METHOD /path" as in the OpenAPI document): without them the scenario is skipped.</summary>
    public static readonly IReadOnlyList<string> Routes =
    [
        "GET /api/v1/stores/{storeId}/pick-list", "POST /api/v1/stores/{storeId}/waves", "POST /api/v1/stores/{storeId}/orders/{orderId}/picks",
        "GET /api/v1/stores/{storeId}/transfers", "POST /api/v1/stores/{storeId}/orders/{orderId}/dispatch", "POST /api/v1/stores/{storeId}/orders/{orderId}/receive",
        "POST /api/v1/stores/{storeId}/orders/{orderId}/ready", "GET /api/v1/stores/{storeId}/orders", "GET /api/v1/orders/{orderId}/pickup-code",
        "POST /api/v1/stores/{storeId}/orders/{orderId}/collect", "POST /api/v1/stores/{storeId}/orders/{orderId}/cancel", "POST /api/v1/orders/{orderId}/cancel",
    ];

    public static readonly IReadOnlyList<string> Steps =
    [
        PickListStep, WaveStep, PickStep, ShortPickStep, TillSaleStep, DisagreedPickStep, TransfersStep, DispatchStep, ReceiveStep, ReadyStep,
        HandoverListStep, PickupCodeStep, CollectStep, CustomerCancelStep, NoShowStep,
    ];

    public string Name => name;

    public string EntryStep => PickListStep;

    public IReadOnlyList<string> EntrySteps { get; } = [PickListStep];

    public async Task RunAsync(Arrival arrival)
    {
        var desk = context.Ledger.Stores.TryTake();
        if (desk is null)
        {
            return;
        }

        try
        {
            var random = context.RandomFor(name, arrival.Index);
            await PickAsync(desk, random);
            await TransfersAsync(desk);
            await MarkReadyAsync(desk);
            await HandOverAsync(desk);
        }
        finally
        {
            context.Ledger.Stores.Return(desk);
        }
    }

    /// <summary>The open wave's lines, or the next wave's; picked grouped by SKU, so each product is taken once and sorted to its orders.</summary>
    private async Task PickAsync(StoreDesk desk, Random random)
    {
        var list = await StepAsync(PickListStep, token => store.GetPickListAsync(desk.StoreId, token));
        if (list is not { IsOk: true, Value: { } pickList } || Stopped)
        {
            return;
        }

        var lines = pickList.Waves.SelectMany(wave => wave.Lines).Where(line => line.State == OrderLineState.Committed).ToList();
        if (lines.Count == 0 && pickList.Unassigned.Count > 0)
        {
            var wave = await StepAsync(WaveStep, token => store.StartWaveAsync(desk.StoreId, desk.NextRequestId(context.RunId, "w"), token));
            lines = wave is { IsOk: true, Value: { } started } ? started.Lines.Where(line => line.State == OrderLineState.Committed).ToList() : [];
        }

        // A wave in hand is picked to the end, also when the run stops meanwhile: pickers do not drop a wave half-way.
        foreach (var line in PickOrder(lines))
        {
            await PickLineAsync(desk, line, decisions.Pick(random, line.Quantity));
        }
    }

    /// <summary>Lines by SKU, then by order: the picker walks to each product once.</summary>
    public static IReadOnlyList<PickLine> PickOrder(IEnumerable<PickLine> lines) =>
        lines.OrderBy(line => line.Sku, StringComparer.Ordinal).ThenBy(line => line.OrderId, StringComparer.Ordinal).ToList();

    private async Task PickLineAsync(StoreDesk desk, PickLine line, PickPlan plan)
    {
        var step = plan.IsShort(line.Quantity) ? ShortPickStep : PickStep;
        if (plan.ShelfDisagrees)
        {
            await TillSaleAsync(desk, new SkuStore(line.Sku, desk.StoreId), plan.TillSaleQuantity);
            step = DisagreedPickStep;
        }

        var requestId = desk.NextRequestId(context.RunId, "p");
        var answer = await StepAsync(step, token => store.ConfirmPickAsync(desk.StoreId, line.OrderId, requestId, line.Sku, plan.Found, token));
        if (answer is not { IsOk: true, Value: { } result })
        {
            return;
        }

        context.Ledger.CountFloor("lines picked");
        context.Ledger.CountFloor("units short at the shelf", result.ShortQuantity);
        if (plan.ShelfDisagrees)
        {
            context.Ledger.CountFloor("picks after a till sale at the SKU-store");
        }

        NoteWhenEverythingIsHere(desk, result.Order);
    }

    /// <summary>A till sells the SKU at the store just before the pick: the book now believes fewer units than the shelf has.</summary>
    private async Task TillSaleAsync(StoreDesk desk, SkuStore skuStore, int quantity)
    {
        var documentId = desk.NextRequestId(context.RunId, "till");
        var record = context.Ledger.MovementSent(MovementKind.Sale, skuStore, quantity, documentId);
        var answer = await StepAsync(TillSaleStep, token => context.Service.MoveAsync(MovementKind.Sale, skuStore, quantity, documentId, token));
        if (answer is null)
        {
            record.Applied = false;
            return;
        }

        RunLedger.MovementAnswered(record, answer);
    }

    /// <summary>Picked here for elsewhere: dispatched, one call per order; on the way here: received (the last line makes the order ready).</summary>
    private async Task TransfersAsync(StoreDesk desk)
    {
        var answer = await StepAsync(TransfersStep, token => store.GetTransfersAsync(desk.StoreId, token));
        if (answer is not { IsOk: true, Value: { } transfers } || Stopped)
        {
            return;
        }

        desk.ExpectsArrivals = false;
        foreach (var orderId in transfers.Outbound.Select(line => line.OrderId).Distinct(StringComparer.Ordinal))
        {
            var dispatched = await StepAsync(DispatchStep, token => store.DispatchAsync(desk.StoreId, orderId, desk.NextRequestId(context.RunId, "d"), token));
            if (dispatched is { IsOk: true, Value: { } order })
            {
                context.Ledger.Stores.Nudge(order.PickupStoreId);
            }
        }

        foreach (var orderId in transfers.Inbound.Select(line => line.OrderId).Distinct(StringComparer.Ordinal))
        {
            var received = await StepAsync(ReceiveStep, token => store.ReceiveAsync(desk.StoreId, orderId, desk.NextRequestId(context.RunId, "r"), token));
            if (received is { IsOk: true, Value: { } order })
            {
                if (order.State == OrderState.Ready)
                {
                    desk.ReadySince(order.OrderId, context.Steps.Clock.Elapsed);
                }

                NoteWhenEverythingIsHere(desk, order);
            }
        }
    }

    private async Task MarkReadyAsync(StoreDesk desk)
    {
        foreach (var orderId in desk.ReadyCandidates.ToList())
        {
            var answer = await StepAsync(ReadyStep, token => store.MarkReadyAsync(desk.StoreId, orderId, desk.NextRequestId(context.RunId, "rd"), token));
            if (answer is { IsOk: true, Value.State: OrderState.Ready })
            {
                // The customer's clock starts now: the notification goes out with the ready event.
                desk.ReadySince(orderId, context.Steps.Clock.Elapsed);
            }

            if (answer is not null && answer.Kind != AnswerKind.Failed)
            {
                // Ready, or the order moved on (cancelled by its customer): nothing left to mark either way.
                desk.ReadyCandidates.Remove(orderId);
            }
        }
    }

    /// <summary>An order collected here whose every remaining unit is here and that is not ready yet: the staff mark it ready.</summary>
    private static void NoteWhenEverythingIsHere(StoreDesk desk, Order order)
    {
        if (order.PickupStoreId == desk.StoreId && order.State is OrderState.Picking or OrderState.InTransit && AllHere(order))
        {
            desk.ReadyCandidates.Add(order.OrderId);
        }
    }

    public static bool AllHere(Order order)
    {
        var remaining = order.Lines.Where(line => line.State is not (OrderLineState.WrittenOff or OrderLineState.Returned)).ToList();
        return remaining.Count > 0 && remaining.All(line => line.State == OrderLineState.AtPickupStore);
    }

    private async Task HandOverAsync(StoreDesk desk)
    {
        var answer = await StepAsync(HandoverListStep, token => store.GetStoreOrdersAsync(desk.StoreId, OrderState.Ready, token));
        if (answer is not { IsOk: true, Value: { } ready })
        {
            return;
        }

        var now = context.Steps.Clock.Elapsed;
        desk.KeepOnly(ready.Orders.Select(order => order.OrderId).ToHashSet(StringComparer.Ordinal));
        foreach (var order in ready.Orders)
        {
            if (Stopped)
            {
                return;
            }

            var customer = context.RandomFor(name + "/customer", StableIndex(order.OrderId));
            var fate = decisions.Fate(customer);
            var action = decisions.Due(fate, decisions.CollectDelay.Draw(customer), now - desk.ReadySince(order.OrderId, now));
            await HandOverAsync(desk, order.OrderId, action);
        }
    }

    private async Task HandOverAsync(StoreDesk desk, string orderId, HandoverAction action)
    {
        ServiceAnswer<Order>? ended = action switch
        {
            HandoverAction.Collect => await CollectAsync(desk, orderId),
            HandoverAction.CustomerCancel => await StepAsync(CustomerCancelStep, token =>
                store.CancelOrderAsync(orderId, desk.NextRequestId(context.RunId, "cc"), "changed my mind", token)),
            HandoverAction.NoShow => await StepAsync(NoShowStep, token =>
                store.CancelAtStoreAsync(desk.StoreId, orderId, desk.NextRequestId(context.RunId, "ns"), "no-show: not collected by collect-by", token)),
            _ => null,
        };
        if (ended is null)
        {
            return;
        }

        context.Ledger.OrderEndAnswered(orderId, action == HandoverAction.Collect ? OrderState.Collected : OrderState.Cancelled, ended);
        if (ended.Kind != AnswerKind.Failed)
        {
            context.Ledger.CountFloor(action switch { HandoverAction.Collect => "orders collected", HandoverAction.NoShow => "no-shows cancelled", _ => "orders cancelled by the customer" });
            desk.Forget(orderId);
        }
    }

    /// <summary>The customer shows the code checkout read for them; the staff enter it.</summary>
    private async Task<ServiceAnswer<Order>?> CollectAsync(StoreDesk desk, string orderId)
    {
        var code = await StepAsync(PickupCodeStep, token => store.GetPickupCodeAsync(orderId, token));
        if (code is not { IsOk: true, Value: { } pickup })
        {
            return null;
        }

        return await StepAsync(CollectStep, token => store.CollectAsync(desk.StoreId, orderId, desk.NextRequestId(context.RunId, "c"), pickup.Code, token));
    }

    private bool Stopped => context.ArrivalsStopped.IsCancellationRequested;

    private Task<ServiceAnswer<T>?> StepAsync<T>(string step, Func<CancellationToken, Task<ServiceAnswer<T>>> call) =>
        context.Steps.RunAsync(name, step, context.Steps.Clock.Elapsed, dropWhenBusy: false, call, context.HardStop);

    /// <summary>A stable index per order id, so its customer's choices repeat on every run with the same seed.</summary>
    private static long StableIndex(string orderId)
    {
        long hash = 17;
        foreach (var character in orderId)
        {
            hash = unchecked(hash * 31 + character);
        }

        return hash;
    }
}
