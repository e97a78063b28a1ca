using Allocation.Contracts.Catalogue;

namespace Allocation.Api.Catalogue;

/// <summary>Refuses requests naming a SKU or store the tenant does not have, naming the field that does.</summary>
internal static class CatalogueGuard
{
    public static async Task<ProblemHttpResult?> FindUnknownAsync(
        TenantGrains tenant,
        IReadOnlyList<(string Field, string Sku)> skus,
        IReadOnlyList<(string Field, string StoreId)> stores)
    {
        var check = await tenant.OfTenant<ICatalogueGrain>().Check(
            skus.Select(item => item.Sku).ToList(),
            stores.Select(item => item.StoreId).ToList());
        if (check.AllKnown)
        {
            return null;
        }

        var errors = new RequestErrors();
        foreach (var (field, sku) in skus.Where(item => check.UnknownSkus.Contains(item.Sku)))
        {
            errors.Add(field, $"unknown SKU '{sku}'");
        }

        foreach (var (field, store) in stores.Where(item => check.UnknownStores.Contains(item.StoreId)))
        {
            errors.Add(field, $"unknown store '{store}'");
        }

        return errors.ToProblem(StatusCodes.Status404NotFound, "Unknown SKU or store");
    }
}
