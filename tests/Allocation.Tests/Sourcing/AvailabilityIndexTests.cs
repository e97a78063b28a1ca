using Allocation.Contracts;
using Allocation.Contracts.Sourcing;
using Allocation.Contracts.Stock;
using Allocation.Tests.Support;

namespace Allocation.Tests.Sourcing;

/// <summary>
/// The SKU availability index after a restart (or any new activation) starts from the ledger's newest entry per store,
/// not from activating every store's stock grain.
/// </summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class AvailabilityIndexTests(InMemoryClusterFixture fixture)
{
    private const string Pickup = "P1";
    private const string Remote = "Q1";
    private readonly string tenantId = Keys.NewId("T");
    private readonly string sku = Keys.NewId("SKU");

    [Fact]
    public async Task GetAvailable_IndexActivatedAfterStockChanged_StartsFromTheNewestLedgerEntries()
    {
        await TestTenant.ImportAsync(fixture.Client, tenantId,
            TestTenant.Store(Pickup, 0, TestTenant.OpenAllDay, 100), TestTenant.Store(Remote, 1, TestTenant.OpenAllDay, 100));
        await TestTenant.ReceiveAsync(fixture.Client, tenantId, sku, Pickup, 100);
        var stock = fixture.Client.GetGrain<IStockGrain>(new StockKey(tenantId, sku, Pickup).ToGrainKey());
        Assert.Equal(HoldOutcome.Held, (await stock.Hold(new HoldRequest(Keys.NewId("R"), 2, 600))).Outcome);
        var index = fixture.Client.GetGrain<ISkuAvailabilityGrain>(new SkuKey(tenantId, sku).ToGrainKey());
        await fixture.Cluster.DeactivateAsync(index);

        var available = (await index.GetAvailable()).Value;

        // Read from the ledger, not asked of the stock grain (which would answer 98): held units count as available (a
        // hold may have lapsed since); the stock grain refuses and corrects the rest.
        Assert.Equal([new StoreAvailability(Pickup, 100)], available);
    }
}
