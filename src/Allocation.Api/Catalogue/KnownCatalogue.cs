using System.Collections.Concurrent;

namespace Allocation.Api.Catalogue;

/// <summary>
/// The SKUs and stores this process has seen the catalogue confirm, per tenant. The catalogue only ever grows (SKUs and
/// stores are added, never removed), so an id confirmed once stays valid and every request naming known ids is checked
/// here, without a call to the tenant's single catalogue grain. Unknown ids still ask the grain, which decides.
/// </summary>
internal sealed class KnownCatalogue
{
    /// <summary>Bounds this cache's memory; beyond it, ids are checked by the grain every time.</summary>
    public const int KnownIdsPerTenantMax = 1_000_000;

    private readonly ConcurrentDictionary<string, TenantIds> tenants = new(StringComparer.Ordinal);

    public bool IsKnownSku(string tenantId, string sku) => tenants.TryGetValue(tenantId, out var ids) && ids.Skus.ContainsKey(sku);

    public bool IsKnownStore(string tenantId, string storeId) => tenants.TryGetValue(tenantId, out var ids) && ids.Stores.ContainsKey(storeId);

    public void Remember(string tenantId, IEnumerable<string> skus, IEnumerable<string> stores)
    {
        var ids = tenants.GetOrAdd(tenantId, _ => new TenantIds());
        foreach (var sku in skus)
        {
            Add(ids.Skus, sku);
        }

        foreach (var store in stores)
        {
            Add(ids.Stores, store);
        }
    }

    private static void Add(ConcurrentDictionary<string, bool> known, string id)
    {
        if (known.Count < KnownIdsPerTenantMax)
        {
            known.TryAdd(id, true);
        }
    }

    private sealed class TenantIds
    {
        public ConcurrentDictionary<string, bool> Skus { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, bool> Stores { get; } = new(StringComparer.Ordinal);
    }
}
