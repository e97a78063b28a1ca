using Allocation.Api.Allocation;
using Allocation.Api.Catalogue;
using Allocation.Api.Network;
using Allocation.Api.Reservations;
using Allocation.Api.Stock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

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
        app.MapAllocationEndpoints();
        return app;
    }
}
