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

/// <summary>The store network the solver plans on: locations, opening hours, pick capacity and transfer lanes (JSON or CSV).</summary>
public static class NetworkEndpoints
{
    private const int BodyBytesMax = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapNetworkEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/network").WithTags("Network");
        group.MapGet("/", GetAsync).WithName("GetNetwork");
        group.MapPut("/", PutAsync).WithName("ImportNetwork").Accepts<string>("application/json");
        group.MapGet("/locations.csv", (IGrainFactory grains, IOptions<ApiOptions> options) => CsvAsync(grains, options, NetworkCsv.WriteLocations)).WithName("ExportNetworkLocationsCsv");
        group.MapGet("/lanes.csv", (IGrainFactory grains, IOptions<ApiOptions> options) => CsvAsync(grains, options, NetworkCsv.WriteLanes)).WithName("ExportNetworkLanesCsv");
        group.MapPut("/csv", PutCsvAsync).WithName("ImportNetworkCsv").Accepts<string>("multipart/form-data");
        return routes;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> CsvAsync(IGrainFactory grains, IOptions<ApiOptions> options, Func<StoreNetwork, string> write)
    {
        var document = await grains.GetGrain<INetworkGrain>(options.Value.TenantId).Get();
        if (document is null)
        {
            return ProblemResults.NotFound("no network imported yet");
        }

        var network = NetworkJson.Parse(document.Json).Network ?? throw new InvalidOperationException("the stored network is invalid");
        return TypedResults.Content(write(network), "text/csv", Encoding.UTF8);
    }

    /// <summary>Multipart form with the files "locations" (required) and "lanes" (optional: lanes are then derived); validated like JSON.</summary>
    private static async Task<Results<Ok<NetworkSummary>, ProblemHttpResult>> PutCsvAsync(HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        if (!request.HasFormContentType)
        {
            return Invalid(["locations: send multipart/form-data with the files 'locations' and 'lanes'"]);
        }

        var form = await request.ReadFormAsync();
        if (form.Files.Sum(file => file.Length) > BodyBytesMax)
        {
            return Invalid([$"network: the files are larger than {BodyBytesMax} bytes"]);
        }

        if (form.Files.GetFile("locations") is not { } locations)
        {
            return Invalid(["locations: the file is required"]);
        }

        var parsed = NetworkCsv.Parse(await ReadAsync(locations), form.Files.GetFile("lanes") is { } lanes ? await ReadAsync(lanes) : NetworkCsv.WriteLanes(new StoreNetwork([], [])));
        return parsed.Network is { } network && parsed.Errors.Count == 0 ? await StoreAsync(network, grains, options.Value.TenantId) : Invalid(parsed.Errors);
    }

    private static async Task<string> ReadAsync(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
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

        return await StoreAsync(network, grains, options.Value.TenantId);
    }

    private static async Task<Results<Ok<NetworkSummary>, ProblemHttpResult>> StoreAsync(StoreNetwork network, IGrainFactory grains, string tenantId)
    {
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
