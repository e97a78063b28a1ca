using System.Text;
using Allocation.Api.Problems;
using Allocation.Grains.Contracts;
using Allocation.Planning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Allocation.Api.Network;

/// <summary>The store network the solver plans on: locations, opening hours, pick capacity and transfer lanes (JSON).</summary>
public static class NetworkEndpoints
{
    private const int BodyBytesMax = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapNetworkEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/network").WithTags("Network");
        group.MapGet("/", GetAsync).WithName("GetNetwork");
        group.MapPut("/", PutAsync).WithName("ImportNetwork").Accepts<string>("application/json");
        return routes;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var document = await grains.GetGrain<INetworkGrain>(options.Value.TenantId).Get();
        return document is null ? ProblemResults.NotFound("no network imported yet") : TypedResults.Content(document.Json, "application/json", Encoding.UTF8);
    }

    /// <summary>Validates the whole network first (duplicate ids, unknown lane ends, negative capacity, ...); a bad one changes nothing.</summary>
    private static async Task<Results<Ok<NetworkSummary>, ProblemHttpResult>> PutAsync(HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync();
        if (json.Length > BodyBytesMax)
        {
            return Invalid([$"the network is larger than {BodyBytesMax} bytes"]);
        }

        var parsed = NetworkJson.Parse(json);
        if (parsed.Network is not { } network || parsed.Errors.Count > 0)
        {
            return Invalid(parsed.Errors);
        }

        var tenantId = options.Value.TenantId;
        await grains.GetGrain<ICatalogueGrain>(tenantId).AddStores(StoreEntries(network));
        var version = await grains.GetGrain<INetworkGrain>(tenantId).Replace(NetworkJson.Write(network));
        return TypedResults.Ok(new NetworkSummary(version, network.Locations.Count, network.Lanes.Count));
    }

    public static IReadOnlyList<StoreEntry> StoreEntries(StoreNetwork network) =>
        network.Locations.Select(location => new StoreEntry(location.Id, $"{location.City} {location.Id}", location.City, location.ClickAndCollect)).ToList();

    private static ProblemHttpResult Invalid(IReadOnlyList<string> problems)
    {
        var errors = new RequestErrors();
        foreach (var problem in problems)
        {
            var separator = problem.IndexOf(": ", StringComparison.Ordinal);
            errors.Add(separator > 0 ? problem[..separator] : "network", separator > 0 ? problem[(separator + 2)..] : problem);
        }

        return errors.ToProblem(StatusCodes.Status400BadRequest, "The network is not valid");
    }
}
