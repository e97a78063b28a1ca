using System.Globalization;
using Allocation.Client;

namespace Allocation.Bench.Http;

/// <summary>
/// The SKUs and click-and-collect stores the generator picks from: the host's demo catalogue, read through the API
/// (stores listed, SKUs probed one by one because the API lists none), so both targets see the same SKU-stores.
/// </summary>
internal sealed record BenchCatalogue(IReadOnlyList<string> Skus, IReadOnlyList<string> Stores, IReadOnlyList<string> AllLocations)
{
    /// <summary>The demo seeder's SKU count that the benchmark asks the host for; 20 SKUs x 400 stores = 8,000 SKU-stores, as in the issue.</summary>
    public const int DemoSkuCount = 20;

    public string HotSku => Skus[0];

    public string HotStore => Stores[0];

    public int SkuStoreCount => Skus.Count * Stores.Count;

    /// <summary>Every SKU at every click-and-collect store: what named requests pick from.</summary>
    public IEnumerable<(string Sku, string StoreId)> SkuStores() =>
        Skus.SelectMany(sku => Stores.Select(store => (sku, store)));

    /// <summary>Every SKU at every location, distribution centres too: what the solver may source from, so what verification reads.</summary>
    public IEnumerable<(string Sku, string StoreId)> AllSkuLocations() =>
        Skus.SelectMany(sku => AllLocations.Select(store => (sku, store)));

    public static async Task<BenchCatalogue> ReadAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var listed = await new AllocationClient(client).ListStoresAsync(cancellationToken);
        var stores = listed.IsOk ? listed.Value! : throw new InvalidOperationException($"GET /api/v1/stores answered {listed}");
        var pickupStores = stores.Where(store => store.ClickAndCollect).Select(store => store.StoreId).Order(StringComparer.Ordinal).ToList();
        var skus = Enumerable.Range(1, DemoSkuCount).Select(index => "SKU-" + index.ToString("D4", CultureInfo.InvariantCulture)).ToList();
        foreach (var sku in skus)
        {
            using var response = await client.GetAsync($"/api/v1/skus/{sku}", cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET /api/v1/skus/{sku} answered {(int)response.StatusCode}: the demo catalogue is not what the benchmark expects");
        }

        if (pickupStores.Count == 0)
            throw new InvalidOperationException("the host lists no click-and-collect store");
        return new BenchCatalogue(skus, pickupStores, stores.Select(store => store.StoreId).Order(StringComparer.Ordinal).ToList());
    }
}
