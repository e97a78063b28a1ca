using Allocation.Contracts.Catalogue;

namespace Allocation.Api.Catalogue;

/// <summary>
/// Refuses requests naming a SKU or store the tenant does not have, naming the field that does. Ids this process has
/// seen confirmed are known without asking (<see cref="KnownCatalogue"/>); only the others ask the catalogue grain.
/// </summary>
internal sealed class CatalogueGuard(KnownCatalogue known)
{
    public async Task<ProblemHttpResult?> FindUnknownAsync(
        TenantGrains tenant,
        IReadOnlyList<(string Field, string Sku)> skus,
        IReadOnlyList<(string Field, string StoreId)> stores)
    {
        var askSkus = skus.Select(item => item.Sku).Where(sku => !known.IsKnownSku(tenant.TenantId, sku)).Distinct(StringComparer.Ordinal).ToList();
        var askStores = stores.Select(item => item.StoreId).Where(store => !known.IsKnownStore(tenant.TenantId, store)).Distinct(StringComparer.Ordinal).ToList();
        if (askSkus.Count == 0 && askStores.Count == 0)
        {
            return null;
        }

        var check = await tenant.OfTenant<ICatalogueGrain>().Check(askSkus, askStores);
        known.Remember(tenant.TenantId, askSkus.Except(check.UnknownSkus), askStores.Except(check.UnknownStores));
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
