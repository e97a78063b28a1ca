using Allocation.Api.Catalogue;
using Allocation.Api.Events;
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
    public static WebApplication MapAllocationApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapStockEndpoints();
        app.MapReservationEndpoints();
        app.MapCatalogueEndpoints();
        app.MapNetworkEndpoints();
        app.MapStoreEndpoints();
        app.MapReoptimizationEndpoints();
        app.MapPromiseEndpoints();
        app.MapOrderEndpoints();
        app.MapEventEndpoints();
        app.MapWebhookEndpoints();
        return app;
    }
}
