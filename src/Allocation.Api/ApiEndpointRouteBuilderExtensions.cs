using Allocation.Api.Access;
using Allocation.Api.Catalogue;
using Allocation.Api.Events;
using Allocation.Api.Keys;
using Allocation.Api.Network;
using Allocation.Api.Orders;
using Allocation.Api.Promises;
using Allocation.Api.Reoptimization;
using Allocation.Api.Reservations;
using Allocation.Api.Stock;
using Allocation.Api.Stores;
using Allocation.Api.Webhooks;

namespace Allocation.Api;

public static class ApiEndpointRouteBuilderExtensions
{
    /// <summary>The path every tenant route lives under; each requires a credential of that tenant.</summary>
    public const string ApiPrefix = "/api/v1";

    public static WebApplication MapAllocationApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        // One group for every tenant route: a feature can narrow who may call it, never open it to the anonymous.
        var api = app.MapGroup(ApiPrefix).RequireAuthorization(AccessPolicies.AnyRole);
        api.MapStockEndpoints();
        api.MapReservationEndpoints();
        api.MapCatalogueEndpoints();
        api.MapNetworkEndpoints();
        api.MapStoreEndpoints();
        api.MapReoptimizationEndpoints();
        api.MapPromiseEndpoints();
        api.MapOrderEndpoints();
        api.MapEventEndpoints();
        api.MapWebhookEndpoints();
        api.MapKeyEndpoints();
        return app;
    }
}
