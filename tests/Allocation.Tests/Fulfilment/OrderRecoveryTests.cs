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
}
