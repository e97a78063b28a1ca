using Allocation.Api.Access;
using Allocation.Api.Catalogue;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Api;

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddAllocationApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Webhooks.WebhookDestinationOptions>().BindConfiguration(Webhooks.WebhookDestinationOptions.SectionName);
        // Bodies are bounded before they are read: a client cannot make the service buffer more than this.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.RequestBodyBytesMax);
        services.AddAllocationAccess();
        services.AddSingleton<KnownCatalogue>();
        services.AddSingleton<CatalogueGuard>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi();
        // Bad bodies throw so the exception handler can name the field; otherwise they end as an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A misspelt field (store_id for storeId) is refused, naming it, instead of silently dropping the value.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        return services;
    }
}
