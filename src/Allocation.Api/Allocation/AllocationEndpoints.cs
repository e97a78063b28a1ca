using Allocation.Api.Catalogue;
using Allocation.Api.Problems;
using Allocation.Grains.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Allocation.Api.Allocation;

/// <summary>
/// Batch re-optimisation of paid orders (also run on a schedule by the silo) and the pick load the solver plans
/// against: picks booked per store and hour.
/// </summary>
public static class AllocationEndpoints
{
    public static IEndpointRouteBuilder MapAllocationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reoptimizations").WithTags("Allocation");
        group.MapPost("/", RunAsync).WithName("RunReoptimization");
        group.MapGet("/last", LastAsync).WithName("GetLastReoptimization");
        routes.MapGroup("/api/v1/stores").WithTags("Allocation").MapGet("/{storeId}/picks", PicksAsync).WithName("GetStorePicks");
        return routes;
    }

    /// <summary>Re-plans now; answers what moved. Runs of one tenant queue behind each other.</summary>
    private static async Task<Ok<ReoptimizationReport>> RunAsync(IGrainFactory grains, IOptions<ApiOptions> options) =>
        TypedResults.Ok(await grains.GetGrain<IReoptimizationGrain>(options.Value.TenantId).Run());

    private static async Task<Results<Ok<ReoptimizationReport>, ProblemHttpResult>> LastAsync(IGrainFactory grains, IOptions<ApiOptions> options) =>
        await grains.GetGrain<IReoptimizationGrain>(options.Value.TenantId).GetLastReport() is { } report
            ? TypedResults.Ok(report)
            : ProblemResults.NotFound("no re-optimisation has run since the silo started");

    private static async Task<Results<Ok<IReadOnlyList<HourLoad>>, ProblemHttpResult>> PicksAsync(string storeId, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var errors = new RequestErrors();
        errors.Identifier("storeId", storeId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var tenantId = options.Value.TenantId;
        if (await CatalogueGuard.FindUnknownAsync(grains, tenantId, [], [("storeId", storeId)]) is { } unknown)
        {
            return unknown;
        }

        return TypedResults.Ok(await grains.GetGrain<IPickScheduleGrain>(tenantId + "|" + storeId).GetLoad());
    }
}
