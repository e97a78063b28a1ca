using Allocation.Api;
using Allocation.Api.Network;
using Allocation.Contracts.Catalogue;
using Allocation.Contracts.Stock;
using Allocation.Planning.Network;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Hosting;

/// <summary>
/// Seeds the demo network, catalogue and stock once per tenant, before the host reports itself started, so a
/// newcomer can reserve at once. Receipts carry fixed document ids, so an interrupted seed resumes without doubling.
/// </summary>
internal sealed class DemoSeeder(IGrainFactory grains, IOptions<DemoOptions> demo, ILogger<DemoSeeder> logger) : IHostedService
{
    public const string SeedName = "demo-v1";
    public const string ExampleReservationJson =
        """{"reservationId":"order-1","pickupStoreId":"S001","lines":[{"sku":"SKU-0001","quantity":2},{"sku":"SKU-0002","quantity":1}]}""";

    private const int ParallelReceiptsMax = 64;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var catalogue = grains.GetGrain<ICatalogueGrain>(demo.Value.TenantId);
        if ((await catalogue.GetSummary()).Seeds.Contains(SeedName))
        {
            return;
        }

        var options = demo.Value;
        var network = DemoNetwork.Generate(options.Seed);
        var stores = NetworkEndpoints.StoreEntries(network);
        var skus = DemoCatalogue.Skus(options.SkuCount);
        await catalogue.AddStores(stores);
        await grains.GetGrain<INetworkGrain>(demo.Value.TenantId).Replace(NetworkJson.Write(network));
        await catalogue.AddSkus(skus);
        var receipts = DemoCatalogue.Stock(options.Seed, skus, stores, options.StockUnitsPerStore);
        await Parallel.ForEachAsync(receipts, new ParallelOptions { MaxDegreeOfParallelism = ParallelReceiptsMax, CancellationToken = cancellationToken }, async (receipt, _) =>
        {
            var key = new StockKey(demo.Value.TenantId, receipt.Sku, receipt.StoreId);
            await grains.GetGrain<IStockGrain>(key.ToGrainKey()).Move(new MovementRequest(MovementKind.Receipt, receipt.Quantity, $"demo-seed-{receipt.Sku}-{receipt.StoreId}"));
        });
        await catalogue.MarkSeeded(SeedName);
        logger.LogInformation("Seeded {Stores} stores, {Skus} SKUs and {Receipts} stock receipts", stores.Count, skus.Count, receipts.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
