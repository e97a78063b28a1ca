using Allocation.Api.Access;
using Allocation.Contracts.Access;
using Allocation.Api.Catalogue;
using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Picking;

namespace Allocation.Api.Stores;

/// <summary>The tenant's stores, and per store what the solver has booked there: picks per hour.</summary>
public static class StoreEndpoints
{
    public static IEndpointRouteBuilder MapStoreEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/stores").WithTags("Stores");
        group.MapGet("/", ListAsync).WithName("ListStores")
            .WithSummary("The tenant's stores and distribution centres, with city and whether customers collect there.");
        group.MapGet("/{storeId}/picks", PicksAsync).WithName("GetStorePicks").RequireAuthorization(AccessPolicies.StoreStaff)
            .WithSummary("Picks booked at a store per hour, current and future hours; the solver never books more than the store's capacity.");
        return routes;
    }

    /// <summary>Store staff see the stores their credential is for; other roles the tenant's whole list.</summary>
    private static async Task<Ok<IReadOnlyList<StoreEntry>>> ListAsync([AsParameters] TenantGrains tenant)
    {
        var stores = await tenant.OfTenant<ICatalogueGrain>().GetStores();
        if (tenant.Http.User.Role() != AccessRoles.StoreStaff)
        {
            return TypedResults.Ok(stores);
        }

        return TypedResults.Ok<IReadOnlyList<StoreEntry>>(stores.Where(store => tenant.Http.User.MayActAtStore(store.StoreId)).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<HourLoad>>, ProblemHttpResult>> PicksAsync(string storeId, [AsParameters] TenantGrains tenant, CatalogueGuard guard)
    {
        var errors = new RequestErrors();
        errors.Identifier("storeId", storeId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await guard.FindUnknownAsync(tenant, [], [("storeId", storeId)]) is { } unknown)
        {
            return unknown;
        }

        return TypedResults.Ok(await tenant.Grains.GetGrain<IPickScheduleGrain>(new StoreKey(tenant.TenantId, storeId).ToGrainKey()).GetLoad());
    }
}
