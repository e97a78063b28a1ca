using System.Text.Json;

namespace Allocation.Load.Service;

/// <summary>The routes an OpenAPI document declares, as "METHOD /path" with the path's own parameter names.</summary>
public static class OpenApiRoutes
{
    public static IReadOnlySet<string> Read(JsonElement document)
    {
        var routes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!document.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
        {
            return routes;
        }

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                routes.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        return routes;
    }
}
