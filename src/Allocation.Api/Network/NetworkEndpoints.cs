using Allocation.Api.Access;
using Allocation.Contracts;
using Allocation.Contracts.Catalogue;
using Allocation.Planning.Network;
using System.Text;

namespace Allocation.Api.Network;

/// <summary>The store network the solver plans on: locations, opening hours, pick capacity and transfer lanes (JSON or CSV).</summary>
public static class NetworkEndpoints
{
    /// <summary>A network of 400 stores with their hours and lanes is about 1 MB; this leaves room for ten times that.</summary>
    private const int BodyBytesMax = 16 * 1024 * 1024;

    private const int IdentifierErrorsMax = 20;

    public static IEndpointRouteBuilder MapNetworkEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/network").WithTags("Network").RequireAuthorization(AccessPolicies.Admin);
        group.MapGet("/", GetAsync).WithName("GetNetwork")
            .WithSummary("The network the solver plans on, as JSON: locations, opening hours, pick capacity, transfer lanes.");
        group.MapPut("/", PutAsync).WithName("ImportNetwork").Accepts<string>("application/json")
            .WithSummary("Replaces the network with a JSON document, validated whole first: a bad one changes nothing.");
        group.MapGet("/locations.csv", ([AsParameters] TenantGrains tenant) => CsvAsync(tenant, NetworkCsv.WriteLocations)).WithName("ExportNetworkLocationsCsv")
            .WithSummary("The network's locations as CSV.");
        group.MapGet("/lanes.csv", ([AsParameters] TenantGrains tenant) => CsvAsync(tenant, NetworkCsv.WriteLanes)).WithName("ExportNetworkLanesCsv")
            .WithSummary("The network's transfer lanes as CSV.");
        group.MapPut("/csv", PutCsvAsync).WithName("ImportNetworkCsv").Accepts<string>("multipart/form-data")
            .WithSummary("Replaces the network from the CSV files 'locations' and 'lanes' (optional: lanes are then derived); errors name file and line.");
        return routes;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> CsvAsync(TenantGrains tenant, Func<StoreNetwork, string> write)
    {
        var document = await tenant.OfTenant<INetworkGrain>().Get();
        if (document is null)
        {
            return ProblemResults.NotFound("no network imported yet");
        }

        var network = NetworkJson.Parse(document.Json).Network ?? throw new InvalidOperationException("the stored network is invalid");
        return TypedResults.Content(write(network), "text/csv", Encoding.UTF8);
    }

    /// <summary>Multipart form with the files "locations" (required) and "lanes" (optional: lanes are then derived); validated like JSON.</summary>
    private static async Task<Results<Ok<NetworkSummary>, ProblemHttpResult>> PutCsvAsync(HttpRequest request, [AsParameters] TenantGrains tenant)
    {
        AllowLargeBody(request);
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
        return parsed.Network is { } network && parsed.Errors.Count == 0 ? await StoreAsync(network, tenant) : Invalid(parsed.Errors);
    }

    /// <summary>The network import alone may send more than the service-wide body limit, up to <see cref="BodyBytesMax"/>.</summary>
    private static void AllowLargeBody(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = BodyBytesMax;
        }
    }

    private static async Task<string> ReadAsync(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync([AsParameters] TenantGrains tenant)
    {
        var document = await tenant.OfTenant<INetworkGrain>().Get();
        return document is null ? ProblemResults.NotFound("no network imported yet") : TypedResults.Content(document.Json, "application/json", Encoding.UTF8);
    }

    /// <summary>Validates the whole network first (duplicate ids, unknown lane ends, negative capacity, ...); a bad one changes nothing.</summary>
    private static async Task<Results<Ok<NetworkSummary>, ProblemHttpResult>> PutAsync(HttpRequest request, [AsParameters] TenantGrains tenant)
    {
        AllowLargeBody(request);
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

        return await StoreAsync(network, tenant);
    }

    private static async Task<Results<Ok<NetworkSummary>, ProblemHttpResult>> StoreAsync(StoreNetwork network, TenantGrains tenant)
    {
        if (IdentifierErrors(network) is { Count: > 0 } badIds)
        {
            return Invalid(badIds);
        }

        await tenant.OfTenant<ICatalogueGrain>().AddStores(StoreEntries(network));
        var version = await tenant.OfTenant<INetworkGrain>().Replace(NetworkJson.Write(network));
        return TypedResults.Ok(new NetworkSummary(version, network.Locations.Count, network.Lanes.Count));
    }

    public static IReadOnlyList<StoreEntry> StoreEntries(StoreNetwork network) =>
        network.Locations.Select(location => new StoreEntry(location.Id, $"{location.City} {location.Id}", location.City, location.ClickAndCollect)).ToList();

    /// <summary>
    /// Location ids become store ids in every other route (stock, reservations, picks), so they pass the same identifier
    /// rules: a network whose ids the rest of the service refuses would leave every solver-chosen reservation failing.
    /// At most <see cref="IdentifierErrorsMax"/> are named.
    /// </summary>
    private static List<string> IdentifierErrors(StoreNetwork network) =>
        network.Locations.Select((location, index) => (location.Id, Index: index))
            .Where(location => !Identifiers.IsValid(location.Id))
            .Take(IdentifierErrorsMax)
            .Select(location => $"locations[{location.Index}].id: '{location.Id}' is not a store id ({Identifiers.Description})")
            .ToList();

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
