using Allocation.Contracts;
using Allocation.Api.Access;
using Allocation.Contracts.Catalogue;

namespace Allocation.Api.Catalogue;

/// <summary>The stores and SKUs of the tenant.</summary>
public static class CatalogueEndpoints
{
    private const int NameLengthMax = 200;

    public static IEndpointRouteBuilder MapCatalogueEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/catalogue", SummaryAsync).WithTags("Catalogue").WithName("GetCatalogueSummary")
            .WithSummary("How many SKUs and stores the tenant's catalogue holds.");
        var group = routes.MapGroup("/skus/{sku}").WithTags("Catalogue");
        group.MapGet("/", GetSkuAsync).WithName("GetSku")
            .WithSummary("One SKU of the catalogue.");
        group.MapPut("/", PutSkuAsync).WithName("PutSku").RequireAuthorization(AccessPolicies.Admin)
            .WithSummary("Adds a SKU to the catalogue or renames it (admin); stock of a SKU can only be moved once it is here.");
        return routes;
    }

    private static async Task<Ok<CatalogueSummary>> SummaryAsync([AsParameters] TenantGrains tenant) =>
        TypedResults.Ok(await tenant.OfTenant<ICatalogueGrain>().GetSummary());

    private static async Task<Results<Ok<SkuEntry>, ProblemHttpResult>> GetSkuAsync(string sku, [AsParameters] TenantGrains tenant)
    {
        var errors = new RequestErrors();
        errors.Identifier("sku", sku);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var entry = await tenant.OfTenant<ICatalogueGrain>().GetSku(sku);
        return entry is null ? ProblemResults.NotFound($"unknown SKU '{sku}'") : TypedResults.Ok(entry);
    }

    private static async Task<Results<Ok<SkuEntry>, ProblemHttpResult>> PutSkuAsync(string sku, SkuBody? body, [AsParameters] TenantGrains tenant)
    {
        var errors = new RequestErrors();
        errors.Identifier("sku", sku);
        if (string.IsNullOrWhiteSpace(body?.Name))
        {
            errors.Add("name", "is required");
        }
        else if (FreeText.Problem(body.Name, NameLengthMax) is { } problem)
        {
            errors.Add("name", problem);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var entry = new SkuEntry(sku, body!.Name!);
        var result = await tenant.OfTenant<ICatalogueGrain>().AddSkus([entry]);
        return result.Accepted
            ? TypedResults.Ok(entry)
            : ProblemResults.Conflict($"the catalogue holds {result.Summary.Skus} SKUs, the most this service allows a tenant; nothing changed");
    }
}
