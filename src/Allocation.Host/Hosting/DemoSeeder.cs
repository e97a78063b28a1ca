using Allocation.Api;
using Allocation.Api.Network;
using Allocation.Contracts;
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

    /// <summary>Seeding is repeated this often when storage does not answer (hosts started together, the database restarting).</summary>
    private const int AttemptsMax = 5;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A seed is idempotent (fixed document ids), so a storage failure retries it rather than ending the host.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SeedAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < AttemptsMax && exception is StorageUnavailableException or LedgerWriteFailedException or TimeoutException or OrleansMessageRejectionException)
            {
                logger.LogWarning("Demo seeding met a storage failure ({Message}); attempt {Attempt} of {AttemptsMax} in {Delay}", exception.Message, attempt + 1, AttemptsMax, RetryDelay);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
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
