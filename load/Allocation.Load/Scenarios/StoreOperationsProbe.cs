namespace Allocation.Load.Scenarios;

/// <summary>
/// Whether the service has the store-operations routes the store-staff scenario drives (read from its OpenAPI
/// document): a service without them (an older deployment) gets the scenario skipped with the missing routes named.
/// </summary>
public static class StoreOperationsProbe
{
    /// <summary>Null when every route is there; otherwise why the scenario is skipped.</summary>
    public static string? SkipReason(IReadOnlyList<string> requiredRoutes, IReadOnlySet<string> serviceRoutes)
    {
        var missing = requiredRoutes.Where(route => !serviceRoutes.Contains(route)).ToList();
        return missing.Count > 0 ? $"the service has no store-operations API (missing {string.Join(", ", missing)})" : null;
    }
}
