using Allocation.Api.Access;
using Allocation.Contracts.Sourcing;

namespace Allocation.Api.Reoptimization;

/// <summary>Batch re-optimisation of paid orders: run it now (the silo also runs it on a schedule) and see the last run.</summary>
public static class ReoptimizationEndpoints
{
    public static IEndpointRouteBuilder MapReoptimizationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/reoptimizations").WithTags("Re-optimisation").RequireAuthorization(AccessPolicies.Admin);
        group.MapPost("/", RunAsync).WithName("RunReoptimization")
            .WithSummary("Re-plans the tenant's paid orders jointly now and moves those a cheaper plan sources elsewhere; answers what moved.");
        group.MapGet("/last", LastAsync).WithName("GetLastReoptimization")
            .WithSummary("The report of the last re-optimisation run since the silo started.");
        return routes;
    }

    /// <summary>Runs of one tenant queue behind each other.</summary>
    private static async Task<Ok<ReoptimizationReport>> RunAsync([AsParameters] TenantGrains tenant) =>
        TypedResults.Ok(await tenant.OfTenant<IReoptimizationGrain>().Run());

    private static async Task<Results<Ok<ReoptimizationReport>, ProblemHttpResult>> LastAsync([AsParameters] TenantGrains tenant) =>
        await tenant.OfTenant<IReoptimizationGrain>().GetLastReport() is { } report
            ? TypedResults.Ok(report)
            : ProblemResults.NotFound("no re-optimisation has run since the silo started");
}
