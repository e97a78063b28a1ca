using Allocation.Api.Access;
using Allocation.Contracts;
using Allocation.Api.Catalogue;
using Allocation.Contracts.Sourcing;

namespace Allocation.Api.Promises;

/// <summary>Promises before checkout: when a basket (or one unit of a SKU) can be ready at a pickup store; holds nothing.</summary>
public static class PromiseEndpoints
{
    public static IEndpointRouteBuilder MapPromiseEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/promises").WithTags("Promises").RequireAuthorization(AccessPolicies.Checkout);
        group.MapPost("/", PromiseAsync).WithName("Promise")
            .WithSummary("The earliest ready-by time the network can promise now for a basket collected at pickupStoreId, and the source stores it would use, or why not (outcome). Holds and books nothing; a reservation made right after with the same lines gets the same promise or better.");
        group.MapGet("/skus/{sku}", PromiseSkuAsync).WithName("PromiseSku")
            .WithSummary("For a product page: the click-and-collect stores in a city, or within radiusKm of nearStoreId, and by when each can have one unit ready (earliest first; null readyBy: not within the window). Holds nothing.");
        return routes;
    }

    private static async Task<Results<Ok<PromiseResult>, ProblemHttpResult>> PromiseAsync(PromiseBody? body, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        var request = Validate(body, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var skus = request.Lines.Select((line, index) => ($"lines[{index}].sku", line.Sku)).ToList();
        if (await guard.FindUnknownAsync(tenant, skus, [("pickupStoreId", request.PickupStoreId)]) is { } unknown)
        {
            return unknown;
        }

        var result = await tenant.OfTenant<IPromiseGrain>().Promise(request);
        return result.Outcome == PromiseOutcome.NotPlannable ? ProblemResults.Conflict(result.Reason) : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<SkuPromiseResult>, ProblemHttpResult>> PromiseSkuAsync(
        string sku, string? city, string? nearStoreId, double? radiusKm, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("sku", sku);
        var radiusKilometres = ValidateArea(city, nearStoreId, radiusKm, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var stores = nearStoreId is null ? [] : new List<(string, string)> { ("nearStoreId", nearStoreId) };
        if (await guard.FindUnknownAsync(tenant, [("sku", sku)], stores) is { } unknown)
        {
            return unknown;
        }

        var result = await tenant.OfTenant<IPromiseGrain>().PromiseSku(new SkuPromiseRequest(sku, city, nearStoreId, radiusKilometres));
        if (!result.Found)
        {
            var notFound = new RequestErrors();
            notFound.Add(city is null ? "nearStoreId" : "city", "no click-and-collect store in this area");
            return notFound.ToProblem(StatusCodes.Status404NotFound, "No pickup store in the area");
        }

        return TypedResults.Ok(result);
    }

    /// <summary>Exactly one area: a city, or a store with a radius in (0, RadiusKilometresMax].</summary>
    private static double ValidateArea(string? city, string? nearStoreId, double? radiusKm, RequestErrors errors)
    {
        if ((city is null) == (nearStoreId is null))
        {
            errors.Add("city", "give either city or nearStoreId (with radiusKm), not both and not neither");
            return 0;
        }

        if (city is not null)
        {
            if (string.IsNullOrWhiteSpace(city) || FreeText.Problem(city, PromiseLimits.CityLengthMax) is not null)
            {
                errors.Add("city", $"must be a city name of at most {PromiseLimits.CityLengthMax} characters, without control characters");
            }

            return 0;
        }

        errors.Identifier("nearStoreId", nearStoreId);
        if (radiusKm is not { } radius || !(radius > 0 && radius <= PromiseLimits.RadiusKilometresMax))
        {
            errors.Add("radiusKm", $"is required with nearStoreId and must be above 0 and at most {PromiseLimits.RadiusKilometresMax}");
            return 0;
        }

        return radius;
    }

    private static PromiseRequest Validate(PromiseBody? body, RequestErrors errors)
    {
        if (body is null)
        {
            errors.Add("body", "is required");
            return new PromiseRequest("", []);
        }

        var pickupStoreId = errors.Identifier("pickupStoreId", body.PickupStoreId);
        if (body.Lines is null || body.Lines.Count == 0)
        {
            errors.Add("lines", "at least one line is required");
            return new PromiseRequest(pickupStoreId, []);
        }

        if (body.Lines.Count > PromiseLimits.LinesMax)
        {
            errors.Add("lines", $"at most {PromiseLimits.LinesMax} lines");
            return new PromiseRequest(pickupStoreId, []);
        }

        var lines = new List<PromiseLine>(body.Lines.Count);
        for (var index = 0; index < body.Lines.Count; index++)
        {
            if (body.Lines[index] is not { } line)
            {
                errors.Add($"lines[{index}]", "is required");
                continue;
            }

            var sku = errors.Identifier($"lines[{index}].sku", line.Sku);
            var quantity = errors.Number($"lines[{index}].quantity", line.Quantity, 1, PromiseLimits.QuantityPerLineMax);
            lines.Add(new PromiseLine(sku, quantity));
        }

        return new PromiseRequest(pickupStoreId, lines);
    }
}
