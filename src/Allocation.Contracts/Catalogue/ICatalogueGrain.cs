namespace Allocation.Contracts.Catalogue;

/// <summary>The stores and SKUs one tenant sells; requests naming anything else are refused. Key: the tenant id.</summary>
public interface ICatalogueGrain : IGrainWithStringKey
{
    Task<CatalogueSummary> AddStores(IReadOnlyList<StoreEntry> stores);

    /// <summary>Adds or renames SKUs, all or none; each changed SKU is one durable record, never a rewrite of the catalogue.</summary>
    Task<SkuAddResult> AddSkus(IReadOnlyList<SkuEntry> skus);

    /// <summary>Remembers that a named seed ran, so seeding at start-up happens once per tenant.</summary>
    Task MarkSeeded(string seedName);

    [Orleans.Concurrency.ReadOnly]
    Task<CatalogueCheck> Check(IReadOnlyList<string> skus, IReadOnlyList<string> stores);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<StoreEntry>> GetStores();

    [Orleans.Concurrency.ReadOnly]
    Task<SkuEntry?> GetSku(string sku);

    [Orleans.Concurrency.ReadOnly]
    Task<CatalogueSummary> GetSummary();
}
