using Allocation.Api.Access;
using Allocation.Contracts;
using Allocation.Api.Catalogue;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;

namespace Allocation.Api.Stock;

/// <summary>Stock of one SKU at one store: availability, and the movements that change on hand outside checkout.</summary>
public static class StockEndpoints
{
    /// <summary>Every movement shares one handler; safety stock is a PUT because it sets a value rather than adding an event.</summary>
    private static readonly (string Route, MovementKind Kind, string Name, string Summary)[] Movements =
    [
        ("/receipts", MovementKind.Receipt, "ReceiveStock", "Goods received: on hand grows by quantity. A documentId is applied once, ever: a repeat at any later time answers AlreadyApplied (a different movement under the same id: 409)."),
        ("/counts", MovementKind.Count, "CountStock", "A cycle count: on hand becomes quantity; a shortfall below promised units is reported, not refused."),
        ("/adjustments", MovementKind.Adjustment, "AdjustStock", "A correction by quantity (negative for a write-off) with a reason; refused if on hand would go negative."),
        ("/sales", MovementKind.Sale, "RecordStoreSale", "A sale at the till: on hand shrinks by quantity; refused beyond on hand (record a count instead)."),
        ("/safety-stock", MovementKind.SafetyStock, "SetSafetyStock", "Units kept back from online sale at this store."),
    ];

    /// <summary>The idempotency promise of every movement (issue 21): no window, the ledger keeps every document id.</summary>
    private const string DocumentIdRule =
        "documentId is the movement's idempotency key, per SKU and store, with no time limit: a document applied once is " +
        "never applied again. A repeat of the same movement (same kind, quantity and reason) answers outcome AlreadyApplied " +
        "with the current counts, whether it comes a second or a year later; the same documentId with different contents " +
        "answers 409. Recent documents are answered from memory, older ones from the stock ledger, which keeps every " +
        "document id (see README, Retention).";

    public static IEndpointRouteBuilder MapStockEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/stock/{sku}/stores/{storeId}").WithTags("Stock");
        group.MapGet("/", GetAsync).WithName("GetStock")
            .WithSummary("On hand, held, committed, safety stock, available and shortfall of one SKU at one store.");
        foreach (var (route, kind, name, summary) in Movements)
        {
            var move = (string sku, string storeId, MovementBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard) =>
                MoveAsync(kind, sku, storeId, body, tenant, guard);
            var endpoint = kind == MovementKind.SafetyStock ? group.MapPut(route, move) : group.MapPost(route, move);
            // Store staff move stock at their own stores only (the policy reads {storeId}); admins anywhere. Safety stock
            // is a planning decision: admins only.
            endpoint.WithName(name).WithSummary(summary).WithDescription(DocumentIdRule).RequireAuthorization(kind == MovementKind.SafetyStock ? AccessPolicies.Admin : AccessPolicies.StoreStaff);
        }

        return routes;
    }

    private static async Task<Results<Ok<StockResponse>, ProblemHttpResult>> GetAsync(string sku, string storeId, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("sku", sku);
        errors.Identifier("storeId", storeId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await guard.FindUnknownAsync(tenant, [("sku", sku)], [("storeId", storeId)]) is { } unknown)
        {
            return unknown;
        }

        var view = await tenant.Grains.GetGrain<IStockGrain>(new StockKey(tenant.TenantId, sku, storeId).ToGrainKey()).GetView();
        return TypedResults.Ok(StockResponse.From(sku, storeId, view.Counts, view.LedgerSequence));
    }

    private static async Task<Results<Ok<MovementResponse>, ProblemHttpResult>> MoveAsync(
        MovementKind kind, string sku, string storeId, MovementBody? body, TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("sku", sku);
        errors.Identifier("storeId", storeId);
        var request = Validate(kind, body, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await guard.FindUnknownAsync(tenant, [("sku", sku)], [("storeId", storeId)]) is { } unknown)
        {
            return unknown;
        }

        var result = await tenant.Grains.GetGrain<IStockGrain>(new StockKey(tenant.TenantId, sku, storeId).ToGrainKey()).Move(request);
        return result.Outcome switch
        {
            MovementOutcome.Applied or MovementOutcome.AlreadyApplied => TypedResults.Ok(MovementResponse.From(result)),
            MovementOutcome.Conflict => ProblemResults.Conflict(result.Message),
            _ => ProblemResults.Refused(result.Message, MovementResponse.From(result)),
        };
    }

    private static MovementRequest Validate(MovementKind kind, MovementBody? body, RequestErrors errors)
    {
        if (body is null)
        {
            errors.Add("body", "is required");
            return new MovementRequest(kind, 0, "");
        }

        var quantity = kind switch
        {
            MovementKind.Count or MovementKind.SafetyStock => errors.Number("quantity", body.Quantity, 0, ReservationLimits.QuantityPerLineMax),
            MovementKind.Adjustment => errors.Number("quantity", body.Quantity, -ReservationLimits.QuantityPerLineMax, ReservationLimits.QuantityPerLineMax),
            _ => errors.Number("quantity", body.Quantity, 1, ReservationLimits.QuantityPerLineMax),
        };
        if (kind == MovementKind.Adjustment && body.Quantity == 0)
        {
            errors.Add("quantity", "must not be 0");
        }

        var documentId = errors.Identifier("documentId", body.DocumentId);
        if (kind == MovementKind.Adjustment && string.IsNullOrWhiteSpace(body.Reason))
        {
            errors.Add("reason", "is required for an adjustment");
        }

        if (FreeText.Problem(body.Reason, FreeText.ReasonLengthMax) is { } reasonProblem)
        {
            errors.Add("reason", reasonProblem);
        }

        return new MovementRequest(kind, quantity, documentId, body.Reason);
    }
}
