using Allocation.Api.Problems;
using Allocation.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Allocation.Api.Catalogue;

/// <summary>The stores and SKUs of the tenant.</summary>
public static class CatalogueEndpoints
{
    private const int NameLengthMax = 200;

    public static IEndpointRouteBuilder MapCatalogueEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Catalogue");
        group.MapGet("/catalogue", async (IGrainFactory grains, IOptions<ApiOptions> options) =>
            TypedResults.Ok(await grains.GetGrain<ICatalogueGrain>(options.Value.TenantId).GetSummary())).WithName("GetCatalogueSummary");
        group.MapGet("/stores", async (IGrainFactory grains, IOptions<ApiOptions> options) =>
            TypedResults.Ok(await grains.GetGrain<ICatalogueGrain>(options.Value.TenantId).GetStores())).WithName("ListStores");
        group.MapGet("/skus/{sku}", GetSkuAsync).WithName("GetSku");
        group.MapPut("/skus/{sku}", PutSkuAsync).WithName("PutSku");
        return routes;
    }

    private static async Task<Results<Ok<SkuEntry>, ProblemHttpResult>> GetSkuAsync(string sku, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var errors = new RequestErrors();
        errors.Identifier("sku", sku);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var entry = await grains.GetGrain<ICatalogueGrain>(options.Value.TenantId).GetSku(sku);
        return entry is null ? ProblemResults.NotFound($"unknown SKU '{sku}'") : TypedResults.Ok(entry);
    }

    private static async Task<Results<Ok<SkuEntry>, ProblemHttpResult>> PutSkuAsync(string sku, SkuBody? body, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var errors = new RequestErrors();
        errors.Identifier("sku", sku);
        if (string.IsNullOrWhiteSpace(body?.Name) || body.Name.Length > NameLengthMax)
        {
            errors.Add("name", $"is required, at most {NameLengthMax} characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var entry = new SkuEntry(sku, body!.Name!);
        await grains.GetGrain<ICatalogueGrain>(options.Value.TenantId).AddSkus([entry]);
        return TypedResults.Ok(entry);
    }
}
