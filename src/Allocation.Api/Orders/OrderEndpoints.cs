using Allocation.Api.Catalogue;
using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;

namespace Allocation.Api.Orders;

/// <summary>
/// Store operations on paid orders: the pick list and waves, picks (short ones re-sourced), transfers, ready, handover
/// and cancel for store staff under /api/v1/stores/{storeId}; the order, its pickup code and cancel for checkout.
/// </summary>
public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder routes)
    {
        var store = routes.MapGroup("/api/v1/stores/{storeId}").WithTags("Store operations");
        store.MapGet("/pick-list", PickListAsync).WithName("GetPickList")
            .WithSummary("Lines due at this store in waves and not yet in a wave, ordered by pick hour then ready-by.");
        store.MapPost("/waves", StartWaveAsync).WithName("StartWave")
            .WithSummary("Starts the next wave of at most WaveOrdersMax orders: they are picking and never re-sourced again. A repeated requestId answers the same wave.");
        store.MapPost("/orders/{orderId}/picks", PickAsync).WithName("ConfirmPick")
            .WithSummary("Confirms a line's pick with the quantity found; fewer than committed is a short pick: written off and re-sourced.");
        store.MapGet("/transfers", TransfersAsync).WithName("GetTransfers")
            .WithSummary("Lines picked here for pickup elsewhere (to dispatch) and lines on the way here (to receive).");
        store.MapPost("/orders/{orderId}/dispatch", (string storeId, string orderId, OrderActionBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
                StepAsync(storeId, orderId, body, tenant, guard, (order, action) => order.Dispatch(action)))
            .WithName("DispatchOrder").WithSummary("The order's picked lines at this source store leave in transit to its pickup store.");
        store.MapPost("/orders/{orderId}/receive", (string storeId, string orderId, OrderActionBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
                StepAsync(storeId, orderId, body, tenant, guard, (order, action) => order.Receive(action)))
            .WithName("ReceiveOrder").WithSummary("The order's lines in transit arrive at this pickup store; the last one makes the order ready.");
        store.MapPost("/orders/{orderId}/ready", (string storeId, string orderId, OrderActionBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
                StepAsync(storeId, orderId, body, tenant, guard, (order, action) => order.MarkReady(action)))
            .WithName("MarkOrderReady").WithSummary("Every unit is at this pickup store: ready, with a pickup code and collect-by date (event order.ready).");
        store.MapGet("/orders", StoreOrdersAsync).WithName("GetStoreOrders")
            .WithSummary("Orders collected at this store in a state (every open one without state), with counts per state.");
        store.MapPost("/orders/{orderId}/collect", CollectAsync).WithName("CollectOrder")
            .WithSummary("Hands the order over against its pickup code; a wrong code is counted, five lock the handover.");
        store.MapPost("/orders/{orderId}/cancel", (string storeId, string orderId, CancelBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
                CancelAsync(storeId, orderId, body, tenant, guard))
            .WithName("CancelOrderAtStore").WithSummary("The store cancels the order before collection: its units return to stock where they are.");

        var checkout = routes.MapGroup("/api/v1/orders").WithTags("Orders");
        checkout.MapGet("/{orderId}", GetAsync).WithName("GetOrder")
            .WithSummary("The order: state, pickup store, ready-by, collect-by, lines with source and state.");
        checkout.MapGet("/{orderId}/pickup-code", PickupCodeAsync).WithName("GetPickupCode")
            .WithSummary("The customer's pickup code and its QR image (SVG) once the order is ready.");
        checkout.MapPost("/{orderId}/cancel", (string orderId, CancelBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
                CancelAsync(null, orderId, body, tenant, guard))
            .WithName("CancelOrder").WithSummary("The customer cancels the order before collection: its units return to stock where they are.");
        return routes;
    }

    private static async Task<Results<Ok<PickList>, ProblemHttpResult>> PickListAsync(string storeId, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
        await StoreProblemAsync(storeId, tenant, guard) is { } problem ? problem : TypedResults.Ok(await StoreOrders(tenant, storeId).GetPickList());

    private static async Task<Results<Ok<TransferList>, ProblemHttpResult>> TransfersAsync(string storeId, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
        await StoreProblemAsync(storeId, tenant, guard) is { } problem ? problem : TypedResults.Ok(await StoreOrders(tenant, storeId).GetTransfers());

    private static async Task<Results<Ok<StoreOrderList>, ProblemHttpResult>> StoreOrdersAsync(string storeId, string? state, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        OrderState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<OrderState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(state, out _))
            {
                var errors = new RequestErrors();
                errors.Add("state", "must be one of " + string.Join(", ", Enum.GetNames<OrderState>()));
                return errors.ToProblem();
            }

            wanted = parsed;
        }

        return await StoreProblemAsync(storeId, tenant, guard) is { } problem ? problem : TypedResults.Ok(await StoreOrders(tenant, storeId).GetOrders(wanted));
    }

    private static async Task<Results<Created<PickWave>, Ok<PickWave>, ProblemHttpResult>> StartWaveAsync(string storeId, OrderActionBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("storeId", storeId);
        var requestId = errors.Identifier("requestId", body?.RequestId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await StoreProblemAsync(storeId, tenant, guard) is { } problem)
        {
            return problem;
        }

        var start = await StoreOrders(tenant, storeId).StartWave(requestId);
        return start.Started && !start.Repeated
            ? TypedResults.Created($"/api/v1/stores/{storeId}/pick-list", start.Wave)
            : TypedResults.Ok(start.Wave);
    }

    private static async Task<Results<Ok<PickResponse>, ProblemHttpResult>> PickAsync(string storeId, string orderId, PickBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("storeId", storeId);
        errors.Identifier("orderId", orderId);
        var requestId = errors.Identifier("requestId", body?.RequestId);
        var sku = errors.Identifier("sku", body?.Sku);
        var found = errors.Number("quantityFound", body?.QuantityFound, 0, ReservationLimits.QuantityPerLineMax);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await StoreProblemAsync(storeId, tenant, guard) is { } problem)
        {
            return problem;
        }

        var result = await Order(tenant, orderId).ConfirmPick(new PickConfirmation(requestId, storeId, sku, found));
        return result is { Succeeded: true, Order: { } order }
            ? TypedResults.Ok(new PickResponse(result.Pick ?? PickOutcome.Picked, order, result.ShortQuantity, result.ReallocatedLines ?? [], order.EarliestReadyAt))
            : OrderAnswers.Problem(result, orderId);
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> StepAsync(
        string storeId, string orderId, OrderActionBody? body, TenantGrains tenant, CatalogueGuard guard, Func<IOrderGrain, StoreAction, Task<OrderActionResult>> step)
    {
        var errors = new RequestErrors();
        errors.Identifier("storeId", storeId);
        errors.Identifier("orderId", orderId);
        var requestId = errors.Identifier("requestId", body?.RequestId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await StoreProblemAsync(storeId, tenant, guard) is { } problem)
        {
            return problem;
        }

        return Answer(await step(Order(tenant, orderId), new StoreAction(requestId, storeId)), orderId);
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> CollectAsync(string storeId, string orderId, CollectBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("storeId", storeId);
        errors.Identifier("orderId", orderId);
        var requestId = errors.Identifier("requestId", body?.RequestId);
        if (body?.PickupCode is null)
        {
            errors.Add("pickupCode", "is required");
        }
        else if (!OrderLimits.IsPickupCodeShaped(body.PickupCode))
        {
            errors.Add("pickupCode", $"must be {OrderLimits.PickupCodeDigits} digits");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await StoreProblemAsync(storeId, tenant, guard) is { } problem)
        {
            return problem;
        }

        return Answer(await Order(tenant, orderId).Collect(new CollectRequest(requestId, storeId, body!.PickupCode!)), orderId);
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> CancelAsync(string? storeId, string orderId, CancelBody? body, TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        if (storeId is not null)
        {
            errors.Identifier("storeId", storeId);
        }

        errors.Identifier("orderId", orderId);
        var requestId = errors.Identifier("requestId", body?.RequestId);
        if (string.IsNullOrWhiteSpace(body?.Reason))
        {
            errors.Add("reason", "is required");
        }
        else if (FreeText.Problem(body.Reason, OrderLimits.CancelReasonLengthMax) is { } reasonProblem)
        {
            errors.Add("reason", reasonProblem);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (storeId is not null && await StoreProblemAsync(storeId, tenant, guard) is { } problem)
        {
            return problem;
        }

        return Answer(await Order(tenant, orderId).Cancel(new CancelRequest(requestId, storeId, body!.Reason!)), orderId);
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(string orderId, [AsParameters] TenantGrains tenant)
    {
        var errors = new RequestErrors();
        errors.Identifier("orderId", orderId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await Order(tenant, orderId).Get() is { } order
            ? TypedResults.Ok(order)
            : OrderAnswers.Problem(new OrderActionResult(OrderActionOutcome.NotFound, null, $"no paid order '{orderId}'", Field: "orderId"), orderId);
    }

    private static async Task<Results<Ok<PickupCodeResponse>, ProblemHttpResult>> PickupCodeAsync(string orderId, [AsParameters] TenantGrains tenant)
    {
        var errors = new RequestErrors();
        errors.Identifier("orderId", orderId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await Order(tenant, orderId).GetPickupCode();
        return result is { Outcome: OrderActionOutcome.Done, PickupCode: { } code, Order.CollectBy: { } collectBy }
            ? TypedResults.Ok(new PickupCodeResponse(orderId, code, collectBy, PickupQrCode.Svg(code)))
            : OrderAnswers.Problem(result, orderId);
    }

    private static Results<Ok<OrderView>, ProblemHttpResult> Answer(OrderActionResult result, string orderId) =>
        result is { Succeeded: true, Order: { } order } ? TypedResults.Ok(order) : OrderAnswers.Problem(result, orderId);

    /// <summary>A malformed or unknown store id, named as storeId; null when the store is the tenant's.</summary>
    private static async Task<ProblemHttpResult?> StoreProblemAsync(string storeId, TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("storeId", storeId);
        return errors.Any ? errors.ToProblem() : await guard.FindUnknownAsync(tenant, [], [("storeId", storeId)]);
    }

    private static IOrderGrain Order(TenantGrains tenant, string orderId) =>
        tenant.Grains.GetGrain<IOrderGrain>(new OrderKey(tenant.TenantId, orderId).ToGrainKey());

    private static IStoreOrdersGrain StoreOrders(TenantGrains tenant, string storeId) =>
        tenant.Grains.GetGrain<IStoreOrdersGrain>(new StoreKey(tenant.TenantId, storeId).ToGrainKey());
}
