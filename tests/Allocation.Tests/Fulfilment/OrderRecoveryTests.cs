using Allocation.Contracts;
using Allocation.Contracts.Orders;
using Allocation.Grains.Common;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Fulfilment;

/// <summary>
/// An order step cut off after its stock changes and before its record: the step is not acknowledged, and recovery
/// runs it to its end from the stored intent, with every stock change and event exactly once.
/// </summary>
[Collection(FaultyClusterCollection.Name)]
public sealed class OrderRecoveryTests(FaultyClusterFixture fixture) : IAsyncLifetime
{
    private readonly OrderScenario scenario = new(fixture.Client, fixture.Time);

    public Task InitializeAsync() => scenario.SetUpAsync();

    public Task DisposeAsync()
    {
        fixture.Ledger.FailBatch = null;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Collect_RecordWriteLost_NotAcknowledgedAndRecoveryFinishesItOnce()
    {
        var id = await scenario.ReadyOrderAsync(2);
        var code = (await scenario.Order(id).GetPickupCode()).PickupCode!;
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => record.Key.Owner.Kind == StorageNames.OrderRecord && record.Status == nameof(OrderState.Collected));

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => scenario.Order(id).Collect(new CollectRequest("c-1", OrderScenario.Pickup, code)));
        fixture.Ledger.FailBatch = null;
        var pending = await fixture.Cluster.Get<ILedgerStore>().ListRecordOwnersAsync(StorageNames.OrderRecord, StorageNames.PendingStatus, fixture.Time.GetUtcNow().AddSeconds(1), 1_000, CancellationToken.None);
        Assert.Contains(pending, owner => owner.OwnerKey == new OrderKey(scenario.TenantId, id).ToGrainKey());
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        var recovered = await fixture.Cluster.Get<OrderExpirySweep>().RecoverOnceAsync(CancellationToken.None);

        // The silo's own sweep runs on the same fake clock and may have finished it first.
        Assert.InRange(recovered, 0, 1);
        var order = (await scenario.Order(id).Get())!;
        Assert.Equal(OrderState.Collected, order.State);
        Assert.Equal(OrderActionOutcome.Repeated, (await scenario.Order(id).Collect(new CollectRequest("c-1", OrderScenario.Pickup, code))).Outcome);
        var handovers = (await OrderScenario.LedgerAsync(fixture.Cluster, OrderScenario.Pickup, scenario.TenantId, scenario.Sku)).Count(entry => entry.Kind == LedgerEntryKind.Handover);
        Assert.Equal(1, handovers);
        Assert.Equal(1, (await scenario.EventsOfAsync(id)).Count(item => item.Type == OrderEventTypes.Collected));
    }

    /// <summary>
    /// Issue 18 M5: a short pick's re-sourcing commits units at the pickup store, then the order's record write is lost.
    /// Recovery undoes that re-sourcing before running the pick again, so when the planner looks again (the pickup
    /// store's units now look taken) nothing is committed twice: every store's committed equals its open lines.
    /// </summary>
    [Fact]
    public async Task ShortPick_ReSourcingCutOffAndRecovered_CommitsTheMissingUnitsOnce()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 2);
        var id = await scenario.PaidOrderAsync(2);
        await scenario.ReceiveAsync(OrderScenario.Pickup, 2);
        await scenario.ReceiveAsync(OrderScenario.Other, 2);
        Assert.Contains(id, (await scenario.StoreOrders(OrderScenario.Source).StartWave(Keys.NewId("wave"))).Wave.OrderIds);
        var orderKey = new OrderKey(scenario.TenantId, id).ToGrainKey();
        var failures = 0;
        fixture.Ledger.FailBatch = batch => batch.Records.Any(record => record.Key.Owner.Kind == StorageNames.OrderRecord && record.Key.Owner.OwnerKey == orderKey && record.Status != StorageNames.PendingStatus)
            && Interlocked.Increment(ref failures) == 1;

        await Assert.ThrowsAsync<LedgerWriteFailedException>(() => scenario.Order(id).ConfirmPick(new PickConfirmation("p-1", OrderScenario.Source, scenario.Sku, 0)));
        fixture.Ledger.FailBatch = null;
        var order = await RecoveredAsync(id);

        Assert.Equal(1, failures);
        Assert.Equal(2, order.Lines.Where(line => line.State == OrderLineState.Committed).Sum(line => line.Quantity));
        foreach (var store in new[] { OrderScenario.Pickup, OrderScenario.Source, OrderScenario.Other })
        {
            var open = order.Lines.Where(line => line.SourceStoreId == store && line.State == OrderLineState.Committed).Sum(line => line.Quantity);
            Assert.Equal((store, open), (store, (await scenario.CountsAsync(store)).Committed));
        }
    }

    /// <summary>The order after its cut-off step was run again (the failed activation may still be on its way out).</summary>
    private async Task<OrderView> RecoveredAsync(string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await scenario.Order(id).Recover();
                return (await scenario.Order(id).Get())!;
            }
            catch (LedgerWriteFailedException) when (attempt < 5)
            {
                await Task.Yield();
            }
        }
    }
}
