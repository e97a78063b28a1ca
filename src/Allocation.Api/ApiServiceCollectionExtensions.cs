using System.Text.Json.Serialization;
using Allocation.Api.Problems;
using Allocation.Grains.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Api;

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddAllocationApi(this IServiceCollection services)
    {
        services.AddValidatedOptions<ApiOptions>(ApiOptions.SectionName);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi();
        // Bad bodies throw so the exception handler can name the field; otherwise they end as an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }
}
