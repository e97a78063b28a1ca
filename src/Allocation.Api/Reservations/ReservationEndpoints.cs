using Allocation.Api.Access;
using Allocation.Api.Catalogue;
using Allocation.Contracts.Reservations;
using Allocation.Contracts.Stock;

namespace Allocation.Api.Reservations;

/// <summary>Checkout's reservation API: reserve a basket, confirm on payment, release on cancel.</summary>
public static class ReservationEndpoints
{
    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/reservations").WithTags("Reservations").RequireAuthorization(AccessPolicies.Checkout);
        group.MapPost("/", ReserveAsync).WithName("Reserve")
            .WithSummary("Holds a basket, all lines or none, for ttlSeconds; lines without a storeId are sourced by the solver for pickupStoreId. The reservationId makes a retry safe.");
        group.MapGet("/{reservationId}", GetAsync).WithName("GetReservation")
            .WithSummary("A reservation: its lines with their source stores, status, expiry and promised ready-by time.");
        group.MapPost("/{reservationId}/confirm", ConfirmAsync).WithName("ConfirmReservation")
            .WithSummary("Payment succeeded: the holds become commitments. Refused after expiry; a repeat answers the same.");
        group.MapDelete("/{reservationId}", ReleaseAsync).WithName("ReleaseReservation")
            .WithSummary("Releases a held reservation or cancels a paid one: its units return. At most once; a repeat answers the same.");
        return routes;
    }

    private static async Task<Results<Created<ReservationView>, Ok<ReservationView>, ProblemHttpResult>> ReserveAsync(
        ReserveBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        var (reservationId, request) = Validate(body, errors, tenant.Options.Value);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var skus = request.Lines.Select((line, index) => ($"lines[{index}].sku", line.Sku)).ToList();
        var stores = request.Lines.Select((line, index) => ($"lines[{index}].storeId", line.StoreId))
            .Where(item => item.StoreId is not null).Select(item => (item.Item1, item.StoreId!)).ToList();
        if (request.PickupStoreId is { } pickup)
        {
            stores.Add(("pickupStoreId", pickup));
        }

        if (await guard.FindUnknownAsync(tenant, skus, stores) is { } unknown)
        {
            return unknown;
        }

        var result = await ReserveLineAtStoreAsync(tenant, reservationId, request) ?? await Reservation(tenant, reservationId).Reserve(request);
        return result.Outcome switch
        {
            ReservationOutcome.Held => TypedResults.Created($"/api/v1/reservations/{reservationId}", result.Reservation),
            ReservationOutcome.Repeated => TypedResults.Ok(result.Reservation),
            ReservationOutcome.InsufficientStock => ProblemResults.Of(
                StatusCodes.Status409Conflict,
                ProblemTypes.InsufficientStock,
                "Insufficient stock",
                result.Message,
                new Dictionary<string, object?> { ["shortages"] = result.Shortages }),
            ReservationOutcome.CannotAllocate => ProblemResults.Of(
                StatusCodes.Status409Conflict,
                ProblemTypes.CannotAllocate,
                "Cannot be allocated (not in time, or not from any store)",
                result.Message,
                new Dictionary<string, object?> { ["earliestPossibleReadyAt"] = result.EarliestPossibleReadyAt }),
            _ => ProblemResults.Conflict(result.Message),
        };
    }

    /// <summary>
    /// One line naming its store: its stock grain decides and stores it in one grain call. Null for any other basket,
    /// and when the stock grain leaves the answer to the reservation grain (a repeat, an id used before).
    /// </summary>
    private static Task<ReservationResult?> ReserveLineAtStoreAsync(TenantGrains tenant, string reservationId, ReservationRequest request) =>
        request.Lines is [{ StoreId: { } storeId } line]
            ? tenant.Grains.GetGrain<IStockGrain>(new StockKey(tenant.TenantId, line.Sku, storeId).ToGrainKey()).ReserveLine(reservationId, request)
            : Task.FromResult<ReservationResult?>(null);

    private static async Task<Results<Ok<ReservationView>, ProblemHttpResult>> GetAsync(string reservationId, [AsParameters] TenantGrains tenant)
    {
        if (InvalidId(reservationId) is { } invalid)
        {
            return invalid;
        }

        // Paid: the order owns the basket; the read follows it (its state, lines and promise), so it never contradicts it.
        var view = await Reservation(tenant, reservationId).Get();
        return view is null ? ProblemResults.NotFound($"no reservation '{reservationId}'") : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<ReservationView>, ProblemHttpResult>> ConfirmAsync(string reservationId, [AsParameters] TenantGrains tenant) =>
        InvalidId(reservationId) ?? Answer(await Reservation(tenant, reservationId).Confirm(), reservationId);

    private static async Task<Results<Ok<ReservationView>, ProblemHttpResult>> ReleaseAsync(string reservationId, [AsParameters] TenantGrains tenant) =>
        InvalidId(reservationId) ?? Answer(await Reservation(tenant, reservationId).Release(), reservationId);

    private static Results<Ok<ReservationView>, ProblemHttpResult> Answer(ReservationResult result, string reservationId) => result.Outcome switch
    {
        ReservationOutcome.NotFound => ProblemResults.NotFound($"no reservation '{reservationId}'"),
        ReservationOutcome.Refused => ProblemResults.Refused(result.Message, result.Reservation),
        _ => TypedResults.Ok(result.Reservation!),
    };

    private static ProblemHttpResult? InvalidId(string reservationId)
    {
        var errors = new RequestErrors();
        errors.Identifier("reservationId", reservationId);
        return errors.Any ? errors.ToProblem() : null;
    }

    private static (string ReservationId, ReservationRequest Request) Validate(ReserveBody? body, RequestErrors errors, ApiOptions options)
    {
        if (body is null)
        {
            errors.Add("body", "is required");
            return ("", new ReservationRequest([], 0));
        }

        var reservationId = errors.Identifier("reservationId", body.ReservationId);
        var ttlSeconds = errors.Number("ttlSeconds", body.TtlSeconds ?? options.HoldTtlSecondsDefault, ReservationLimits.HoldTtlSecondsMin, ReservationLimits.HoldTtlSecondsMax);
        if (body.PickupStoreId is not null)
        {
            errors.Identifier("pickupStoreId", body.PickupStoreId);
        }

        return (reservationId, new ReservationRequest(ValidateLines(body.Lines, body.PickupStoreId is not null, errors), ttlSeconds, body.PickupStoreId));
    }

    /// <summary>A line without a storeId is allocated by the solver, which needs the pickup store to plan for.</summary>
    private static List<RequestedLine> ValidateLines(IReadOnlyList<ReserveLineBody?>? lines, bool hasPickupStore, RequestErrors errors)
    {
        if (lines is null || lines.Count == 0)
        {
            errors.Add("lines", "at least one line is required");
            return [];
        }

        if (lines.Count > ReservationLimits.LinesMax)
        {
            errors.Add("lines", $"at most {ReservationLimits.LinesMax} lines");
            return [];
        }

        var valid = new List<RequestedLine>(lines.Count);
        for (var index = 0; index < lines.Count; index++)
        {
            var prefix = $"lines[{index}]";
            if (lines[index] is not { } line)
            {
                errors.Add(prefix, "is required");
                continue;
            }

            var sku = errors.Identifier(prefix + ".sku", line.Sku);
            if (line.StoreId is null && !hasPickupStore)
            {
                errors.Add(prefix + ".storeId", "is required unless pickupStoreId is given (then the solver chooses the store)");
            }
            else if (line.StoreId is not null)
            {
                errors.Identifier(prefix + ".storeId", line.StoreId);
            }

            var quantity = errors.Number(prefix + ".quantity", line.Quantity, 1, ReservationLimits.QuantityPerLineMax);
            valid.Add(new RequestedLine(sku, quantity, line.StoreId));
        }

        return valid;
    }

    private static IReservationGrain Reservation(TenantGrains tenant, string reservationId) =>
        tenant.Grains.GetGrain<IReservationGrain>(new ReservationKey(tenant.TenantId, reservationId).ToGrainKey());
}
