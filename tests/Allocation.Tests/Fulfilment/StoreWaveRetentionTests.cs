using Allocation.Contracts.Orders;
using Allocation.Contracts.Picking;
using Allocation.Contracts.Reservations;
using Allocation.Grains.Common;
using Allocation.Grains.Fulfilment;
using Allocation.Grains.Ledger;
using Allocation.Tests.Support;

namespace Allocation.Tests.Fulfilment;

/// <summary>Issue 21: a store's waves end when nothing is left to pick and are deleted after their window; numbers never repeat.</summary>
[Collection(InMemoryClusterCollection.Name)]
public sealed class StoreWaveRetentionTests(InMemoryClusterFixture fixture) : IAsyncLifetime
{
    private OrderScenario scenario = null!;

    public async Task InitializeAsync()
    {
        scenario = new OrderScenario(fixture.Client, fixture.Time);
        await scenario.SetUpAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RetentionSweep_PickedWavePastItsWindow_DeletedAndItsNumberNotReused()
    {
        await scenario.ReadyOrderAsync(1);
        await scenario.StoreOrders(OrderScenario.Source).GetPickList();
        var ended = Assert.Single(await WaveRowsAsync());
        Assert.Equal((OrderScenario.Source + "-w1", StoreWaveRecord.EndedStatus), (ended.ItemKey, ended.Status));

        fixture.Time.Advance(TimeSpan.FromDays(new RetentionOptions().WaveRetentionDays + 1));
        // The silo's own sweep may run first (the advance fires its timer); a pass here makes sure one has run.
        await fixture.Cluster.Get<RetentionSweep>().RunOnceAsync(CancellationToken.None);

        Assert.Empty(await WaveRowsAsync());
        var store = scenario.StoreOrders(OrderScenario.Source);
        await fixture.Cluster.DeactivateAsync(store);
        Assert.Empty((await store.GetPickList()).Waves);
        await scenario.ReceiveAsync(OrderScenario.Source, 1);
        var next = Keys.NewId("ord");
        Assert.Equal(ReservationOutcome.Held, (await scenario.Reservation(next).Reserve(new ReservationRequest([new RequestedLine(scenario.Sku, 1, OrderScenario.Source)], 900, OrderScenario.Pickup))).Outcome);
        Assert.Equal(ReservationOutcome.Confirmed, (await scenario.Reservation(next).Confirm()).Outcome);
        var wave = await store.StartWave(Keys.NewId("wave"));
        Assert.Equal((OrderScenario.Source + "-w2", next), (wave.Wave.WaveId, Assert.Single(wave.Wave.OrderIds)));
    }

    [Fact]
    public async Task RetentionSweep_WaveWithLinesLeftToPick_KeptAndListed()
    {
        await scenario.ReceiveAsync(OrderScenario.Source, 1);
        var id = await scenario.PaidOrderAsync(1);
        var started = await scenario.StoreOrders(OrderScenario.Source).StartWave(Keys.NewId("wave"));
        Assert.Equal(id, Assert.Single(started.Wave.OrderIds));

        fixture.Time.Advance(TimeSpan.FromDays(new RetentionOptions().WaveRetentionDays + 1));
        await fixture.Cluster.Get<RetentionSweep>().RunOnceAsync(CancellationToken.None);

        var open = Assert.Single(await WaveRowsAsync());
        Assert.Equal(StoreWaveRecord.OpenStatus, open.Status);
        var listed = Assert.Single((await scenario.StoreOrders(OrderScenario.Source).GetPickList()).Waves);
        Assert.Equal((started.Wave.WaveId, id), (listed.WaveId, Assert.Single(listed.Lines).OrderId));
    }

    [Fact]
    public void Settle_OrderDidNotAnswer_WaveNotEnded()
    {
        var start = InMemoryClusterFixture.Start;
        var waves = new StoreWaves("S", retentionDays: 3);
        waves.Restore([], 0, start);
        waves.Add(waves.Next("r1", ["o1"], start));

        Assert.Empty(waves.Settle(new HashSet<string>(), allAnswered: false, start));
        var ended = Assert.Single(waves.Settle(new HashSet<string>(), allAnswered: true, start));
        waves.Apply([ended], start);
        Assert.Equal(start, waves.All[0].EndedAt);
        // Lines of the wave again (its request repeated to an order it had missed): it reopens.
        Assert.Null(Assert.Single(waves.Settle(new HashSet<string> { "S-w1" }, allAnswered: true, start)).EndedAt);
        waves.Apply([], start.AddDays(4));
        Assert.Empty(waves.All);
        Assert.Equal("S-w2", waves.Next("r2", ["o2"], start.AddDays(4)).WaveId);
    }

    [Fact]
    public void Restore_WavesStoredWithoutNumbers_NumbersTakenFromTheirIds()
    {
        var start = InMemoryClusterFixture.Start;
        var waves = new StoreWaves("S-1", retentionDays: 3);

        waves.Restore([new StoreWaveRecord { WaveId = "S-1-w7", RequestId = "r7", StartedAt = start, OrderIds = ["o"] }], 5, start);

        Assert.Equal(7, waves.NumberMax);
        Assert.Equal("S-1-w8", waves.Next("r8", ["o8"], start).WaveId);
    }

    private async Task<List<StoredRecord>> WaveRowsAsync()
    {
        var owner = new RecordOwner(StorageNames.StoreWaveRecord, new StoreKey(scenario.TenantId, OrderScenario.Source).ToGrainKey());
        var stored = await fixture.Cluster.Get<ILedgerStore>().ReadRecordsAsync([owner], CancellationToken.None);
        return stored.GetValueOrDefault(owner) ?? [];
    }
}
