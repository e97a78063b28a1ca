namespace Allocation.Load.Scenarios;

/// <summary>
/// The store-staff scenario needs the store-operations API (pick lists, picks, ready, collected), which the service
/// does not have yet. The probe reads the OpenAPI document: with routes missing, the scenario is skipped and the
/// reason names them; with every route present it is still skipped, because this harness has no driver for them yet.
/// </summary>
public static class StoreOperationsProbe
{
    public static string SkipReason(IReadOnlyList<string> requiredRoutes, IReadOnlySet<string> serviceRoutes)
    {
        var missing = requiredRoutes.Where(route => !serviceRoutes.Contains(route)).ToList();
        return missing.Count > 0
            ? $"the service has no store-operations API yet (missing {string.Join(", ", missing)})"
            : "the service has the store-operations routes, but this harness has no store-staff driver yet";
    }
}
